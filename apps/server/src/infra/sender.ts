// Outgoing SMS and e-mail behind one interface. The default writes to the log; a real gateway is configuration
// (infra/messaging-config.ts: SMS_PROVIDER=aliyun|tencent, SMTP_URL). Which messages go out, when, and how often is
// decided by the messaging module's outbox, not here: a sender sends one message or throws.
import { maskPhone } from '@anli/domain/mask.ts';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  /** Message kind, e.g. 'verification_code', 'case_returned' (an SMS template of modules/messaging/templates.ts). */
  template: string;
  /** SMS: the template's named parameters, codes included (what a template gateway sends). */
  params?: Record<string, string>;
  /** SMS: the text as the recipient reads it (without the 签名); e-mail: the body. */
  text: string;
  /** E-mail subject. */
  subject?: string;
}

/** What a gateway said when it took a message. */
export interface SendReceipt {
  provider: string;
  /** The gateway's id of the message (Alibaba BizId, Tencent SerialNo, SMTP Message-ID). */
  ref?: string | null;
}

export interface Sender {
  send(message: OutgoingMessage): Promise<SendReceipt | void>;
}

/**
 * A gateway's refusal. `permanent` means sending it again cannot succeed (a bad number, a template or signature the
 * gateway rejects, wrong keys): the outbox stops retrying it, the organiser sees why and may retry after a fix.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly permanent: boolean,
    readonly provider: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Templates whose parameters carry a secret (a verification, activation or invitation code). */
export const CODE_TEMPLATES = new Set(['verification_code', 'mode1_invitation', 'expert_invitation']);

/**
 * Writes messages to the log, phone numbers masked. Codes never reach the log unless `revealCodes` — the explicit
 * demo/dev flag (`--demo`, DEMO=true or LOG_MESSAGE_CODES=true), where the log is how a code reaches the tester: the
 * text of a code template is withheld, and in any other text a 6-digit number or a 12-character code is masked.
 */
export function logSender(log: { info: (obj: object, msg: string) => void }, opts: { revealCodes?: boolean; signName?: string } = {}): Sender {
  const sign = opts.signName ?? '案例征集平台';
  return {
    async send(m) {
      const to = m.channel === 'sms' ? maskPhone(m.to) : m.to;
      const body = m.channel === 'sms' ? `【${sign}】${m.text}` : `${m.subject ? `${m.subject}｜` : ''}${m.text}`;
      const text = opts.revealCodes ? body : redactCodes(m.template, body);
      log.info({ channel: m.channel, to, template: m.template }, `[发送] ${text}`);
      return { provider: 'log' };
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
  return { sent, async send(m) { sent.push(m); return { provider: 'memory' }; } };
}

/** SMS to one sender, e-mail to another. */
export function channelSender(channels: { sms: Sender; email: Sender }): Sender {
  return { send: (m) => channels[m.channel].send(m) };
}
