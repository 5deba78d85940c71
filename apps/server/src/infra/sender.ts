// Outgoing SMS and e-mail behind one interface. The default writes to the log; a real gateway is configuration.
import { maskPhone } from '../../../../packages/domain/src/mask.ts';

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

/** Writes messages to the log. Phone numbers are masked; the text (which may hold a code) goes to the dev log only. */
export function logSender(log: { info: (obj: object, msg: string) => void }): Sender {
  return {
    async send(m) {
      const to = m.channel === 'sms' ? maskPhone(m.to) : m.to;
      // In a deployment without a gateway this log line is how a code reaches the user (demo mode).
      log.info({ channel: m.channel, to, template: m.template }, `[发送] ${m.text}`);
    },
  };
}

/** Keeps messages in memory, for tests. */
export function memorySender(): Sender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { sent, async send(m) { sent.push(m); } };
}
