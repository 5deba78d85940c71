// E-mail through SMTP (nodemailer): SMTP_URL names the server and its account, MAIL_FROM the sender address.
import nodemailer from 'nodemailer';
import { SendError, type Sender } from '../sender.ts';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  url: string;
  /** e.g. "案例征集平台 <noreply@example.org>". */
  from: string;
  /** Accept a self-signed certificate (tests). */
  insecureTls?: boolean;
  timeoutMs?: number;
}

/** An SMTP failure in Chinese (the server's own reply is usually English; its code is kept beside it). */
function smtpErrorText(code: string | undefined, reply: number | undefined): string {
  if (code === 'EAUTH') return '登录失败，请检查 SMTP_URL 中的账号和密码';
  if (reply === 550 || reply === 551 || reply === 553) return '收件人邮箱不存在或拒收';
  if (reply === 552) return '收件人邮箱已满或邮件过大';
  if (reply === 554) return '邮件被拒收（可能被判为垃圾邮件）';
  if (reply && reply >= 500) return '邮件被拒收';
  if (reply && reply >= 400) return '邮件服务器暂时拒收，稍后自动重试';
  if (code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EDNS') return '无法连接邮件服务器，稍后自动重试';
  return '发送失败';
}

export function smtpMail(cfg: SmtpConfig): Sender & { close(): void } {
  const timeout = cfg.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport(cfg.url, {
    from: cfg.from,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(cfg.insecureTls ? { tls: { rejectUnauthorized: false } } : {}),
  } as Parameters<typeof nodemailer.createTransport>[1]);
  return {
    async send(m) {
      if (m.channel !== 'email') throw new SendError('邮件通道不能发送短信', 'WRONG_CHANNEL', true, 'smtp');
      try {
        const info = await transport.sendMail({ from: cfg.from, to: m.to, subject: m.subject ?? '案例征集平台通知', text: m.text });
        return { provider: 'smtp', ref: info.messageId ?? null };
      } catch (e) {
        const err = e as { responseCode?: number; code?: string; message?: string; response?: string };
        // 5xx replies (550 no such mailbox, 553 bad address, 535 wrong account) are final, as is a refused login;
        // 4xx replies and network errors may pass later.
        const permanent = err.code === 'EAUTH' || (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600);
        const code = err.responseCode ? `SMTP ${err.responseCode}` : (err.code ?? null);
        throw new SendError(`邮件服务器：${smtpErrorText(err.code, err.responseCode)}`, code, permanent, 'smtp');
      }
    },
    close: () => transport.close(),
  };
}
