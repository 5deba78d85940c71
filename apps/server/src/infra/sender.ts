// Outgoing SMS and e-mail behind one interface. The default writes to the log; a real gateway is configuration.
import { maskPhone } from '@anli/domain/mask.ts';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  /** Template id, e.g. 'verification_code', 'case_returned'. */
  template: string;
  text: string;
}

export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
}

/** Templates whose text carries a secret (a verification or activation code). */
export const CODE_TEMPLATES = new Set(['verification_code', 'activation_code', 'expert_invitation']);

/**
 * Writes messages to the log, phone numbers masked. Codes never reach the log unless `revealCodes` — the explicit
 * demo/dev flag (`--demo`, DEMO=true or LOG_MESSAGE_CODES=true), where the log is how a code reaches the tester: the
 * text of a code template is withheld, and in any other text a 6-digit number or a 12-character code is masked.
 */
export function logSender(log: { info: (obj: object, msg: string) => void }, opts: { revealCodes?: boolean } = {}): Sender {
  return {
    async send(m) {
      const to = m.channel === 'sms' ? maskPhone(m.to) : m.to;
      const text = opts.revealCodes ? m.text : redactCodes(m.template, m.text);
      log.info({ channel: m.channel, to, template: m.template }, `[发送] ${text}`);
    },
  };
}

export function redactCodes(template: string, text: string): string {
  if (CODE_TEMPLATES.has(template)) return '（内容含验证码，未写入日志）';
  return text.replace(/(?<![0-9])[0-9]{6}(?![0-9])/g, '******').replace(/(?<![A-Za-z0-9])[A-Z0-9]{12}(?![A-Za-z0-9])/g, '************');
}

/** Keeps messages in memory, for tests. */
export function memorySender(): Sender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { sent, async send(m) { sent.push(m); } };
}
