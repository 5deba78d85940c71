// Messaging configuration from the environment: which SMS gateway (SMS_PROVIDER=log|aliyun|tencent), its keys, 签名
// and template codes, SMTP for e-mail, and the sending limits. Checked at start-up: a gateway without its keys or a
// template code refuses to start, naming what is missing, instead of failing message by message later.
import { SMS_KINDS } from '../../modules/messaging/templates.ts';
import { channelSender, logSender, type Sender } from '../sender.ts';
import { aliyunSms } from './aliyun-sms.ts';
import { tencentSms } from './tencent-sms.ts';
import { smtpMail } from './smtp-mail.ts';

export type SmsProviderName = 'log' | 'aliyun' | 'tencent' | 'memory';
export type EmailProviderName = 'smtp' | 'log' | 'memory';

/** How much may be sent (the messaging layer enforces them on every SMS). */
export interface SendLimits {
  /** SMS to one phone number in the last hour / day; beyond, a message is refused (failed, not retried). */
  smsPerPhoneHour: number;
  smsPerPhoneDay: number;
  /** SMS to all numbers in the last hour / day; beyond, messages wait and go out when the window has room. */
  smsTotalHour: number;
  smsTotalDay: number;
}

/** Verification codes (registration, phone change): abuse limits on the request path. */
export interface CodeLimits {
  /** Different numbers one client address may ask codes for in an hour without a challenge. */
  ipFreeNumbers: number;
  /** Different numbers one client address may ask codes for in an hour at all (with challenges); beyond, refused. */
  ipMaxNumbers: number;
  /** Codes the platform sends per day (Beijing time) before every further request needs a challenge. */
  dailyBudget: number;
}

export interface MessagingSettings {
  sms: SmsProviderName;
  email: EmailProviderName;
  signName: string;
  limits: SendLimits;
  codes: CodeLimits;
}

export const DEFAULT_LIMITS: SendLimits = { smsPerPhoneHour: 10, smsPerPhoneDay: 30, smsTotalHour: 20_000, smsTotalDay: 100_000 };
// A school network puts many teachers behind one address: 5 numbers an hour without a challenge, 30 with.
export const DEFAULT_CODE_LIMITS: CodeLimits = { ipFreeNumbers: 5, ipMaxNumbers: 30, dailyBudget: 3_000 };

export class MessagingConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new MessagingConfigError(`${name} 必须是非负整数（现为“${v}”）`);
  return n;
}

export function loadLimits(env: NodeJS.ProcessEnv): { limits: SendLimits; codes: CodeLimits } {
  return {
    limits: {
      smsPerPhoneHour: int(env, 'SMS_PER_PHONE_HOUR', DEFAULT_LIMITS.smsPerPhoneHour),
      smsPerPhoneDay: int(env, 'SMS_PER_PHONE_DAY', DEFAULT_LIMITS.smsPerPhoneDay),
      smsTotalHour: int(env, 'SMS_TOTAL_HOUR', DEFAULT_LIMITS.smsTotalHour),
      smsTotalDay: int(env, 'SMS_TOTAL_DAY', DEFAULT_LIMITS.smsTotalDay),
    },
    codes: {
      ipFreeNumbers: int(env, 'SMS_CODE_IP_FREE', DEFAULT_CODE_LIMITS.ipFreeNumbers),
      ipMaxNumbers: int(env, 'SMS_CODE_IP_MAX', DEFAULT_CODE_LIMITS.ipMaxNumbers),
      dailyBudget: int(env, 'SMS_CODE_DAILY_BUDGET', DEFAULT_CODE_LIMITS.dailyBudget),
    },
  };
}

/** Template code per kind from SMS_TEMPLATE_<KIND>; every kind must have one for a real gateway. */
function templateCodes(env: NodeJS.ProcessEnv, missing: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of SMS_KINDS) {
    const name = `SMS_TEMPLATE_${kind.toUpperCase()}`;
    const v = env[name]?.trim();
    if (v) out[kind] = v;
    else missing.push(name);
  }
  return out;
}

function need(env: NodeJS.ProcessEnv, names: string[], missing: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) out[n] = v;
    else missing.push(n);
  }
  return out;
}

/**
 * The sender the platform uses and the settings it runs with. `log` writes messages to `log` (the default for
 * development and the demo; codes only with `revealCodes`).
 */
export function loadMessaging(env: NodeJS.ProcessEnv, log: { info: (obj: object, msg: string) => void }, opts: { revealCodes?: boolean } = {}): { sender: Sender; settings: MessagingSettings } {
  const provider = (env.SMS_PROVIDER?.trim() || 'log') as SmsProviderName;
  if (!['log', 'aliyun', 'tencent'].includes(provider)) throw new MessagingConfigError(`SMS_PROVIDER 只能是 log、aliyun 或 tencent（现为“${provider}”）`);
  const missing: string[] = [];
  const signName = env.SMS_SIGN_NAME?.trim() || (provider === 'log' ? '案例征集平台' : (missing.push('SMS_SIGN_NAME'), ''));
  const logged = logSender(log, { revealCodes: opts.revealCodes, signName });
  let sms: Sender = logged;
  if (provider === 'aliyun') {
    const k = need(env, ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET'], missing);
    const templates = templateCodes(env, missing);
    if (!missing.length) {
      sms = aliyunSms({ accessKeyId: k.ALIYUN_SMS_ACCESS_KEY_ID!, accessKeySecret: k.ALIYUN_SMS_ACCESS_KEY_SECRET!, signName, templates, endpoint: env.ALIYUN_SMS_ENDPOINT || undefined });
    }
  } else if (provider === 'tencent') {
    const k = need(env, ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_APP_ID'], missing);
    const templates = templateCodes(env, missing);
    if (!missing.length) {
      sms = tencentSms({
        secretId: k.TENCENT_SMS_SECRET_ID!, secretKey: k.TENCENT_SMS_SECRET_KEY!, appId: k.TENCENT_SMS_APP_ID!, signName, templates,
        region: env.TENCENT_SMS_REGION || undefined, endpoint: env.TENCENT_SMS_ENDPOINT || undefined,
      });
    }
  }
  let email: Sender = logged;
  const smtpUrl = env.SMTP_URL?.trim();
  if (smtpUrl) {
    const from = env.MAIL_FROM?.trim();
    if (!from) missing.push('MAIL_FROM');
    else email = smtpMail({ url: smtpUrl, from });
  }
  if (missing.length) {
    throw new MessagingConfigError(`短信/邮件配置不完整（SMS_PROVIDER=${provider}${smtpUrl ? '，已设置 SMTP_URL' : ''}），缺少：${missing.join('、')}。见 README 的“短信与邮件”一节。`);
  }
  return {
    sender: channelSender({ sms, email }),
    settings: { sms: provider, email: smtpUrl ? 'smtp' : 'log', signName, ...loadLimits(env) },
  };
}
