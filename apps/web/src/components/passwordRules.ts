// The password field's rules on every page that sets one (register, reset, activation, account security): the same
// policy the server applies (@anli/domain/password-policy.ts), so a refused password is explained before it is sent.
import type { Rule } from 'antd/es/form';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '@anli/domain/password-policy.ts';

export const PASSWORD_HINT = `至少 ${PASSWORD_MIN} 位；请勿使用常见密码、连续或重复字符、手机号`;

export const PASSWORD_RULES: Rule[] = [
  { required: true, message: '请设置密码' },
  // NIST SP 800-63B: length, no composition rules; common, repetitive and sequential passwords are refused here as on
  // the server (which also refuses one containing the phone number).
  { min: PASSWORD_MIN, message: `密码至少 ${PASSWORD_MIN} 位` },
  { max: PASSWORD_MAX, message: `密码不超过 ${PASSWORD_MAX} 位` },
  {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.length < PASSWORD_MIN || value.length > PASSWORD_MAX) return;
      const problem = passwordProblem(value, '');
      if (problem) throw new Error(problem);
    },
  },
];
