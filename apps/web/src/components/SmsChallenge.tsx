// The image challenge the platform asks for before it sends a verification code beyond its limits (many numbers
// from one network, or a busy day). The picture is drawn by the platform itself; a wrong answer brings a new one.
import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/index.ts';
import { messagesApi, type SmsChallenge } from '../api/messages.ts';

export interface ChallengeAnswer { challengeId: string; challengeAnswer: string }

/**
 * Wraps a code request: `send(request)` calls `request()`; when the server asks for the challenge, shows it and
 * calls `request(answer)` with the user's answer. Resolves true once the code was sent, false if the user cancels;
 * other errors are thrown to the page.
 */
export function useSmsChallenge(): { send(request: (answer?: ChallengeAnswer) => Promise<unknown>): Promise<boolean>; modal: ReactNode } {
  const [open, setOpen] = useState(false);
  const [challenge, setChallenge] = useState<SmsChallenge | null>(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<{ request: (a?: ChallengeAnswer) => Promise<unknown>; resolve: (ok: boolean) => void; reject: (e: unknown) => void } | null>(null);

  const fresh = async () => {
    setAnswer('');
    setChallenge(null);
    try {
      setChallenge(await messagesApi.challenge());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const close = (ok: boolean, err?: unknown) => {
    setOpen(false);
    const p = pending.current;
    pending.current = null;
    if (!p) return;
    if (err) p.reject(err);
    else p.resolve(ok);
  };

  const submit = async () => {
    const p = pending.current;
    if (!p || !challenge) return;
    if (answer.trim().length !== challenge.length) {
      setError(`请输入图中的 ${challenge.length} 个字符`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await p.request({ challengeId: challenge.id, challengeAnswer: answer.trim() });
      close(true);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CHALLENGE_FAILED' || e.code === 'CHALLENGE_REQUIRED')) {
        setError('输入不正确或图片已过期，请看新的一张重新输入');
        await fresh();
      } else close(false, e);
    } finally {
      setBusy(false);
    }
  };

  const send = (request: (a?: ChallengeAnswer) => Promise<unknown>) =>
    new Promise<boolean>((resolve, reject) => {
      request().then(
        () => resolve(true),
        (e) => {
          if (!(e instanceof ApiError) || e.code !== 'CHALLENGE_REQUIRED') return reject(e);
          pending.current = { request, resolve, reject };
          setError(null);
          setOpen(true);
          void fresh();
        },
      );
    });

  const modal = (
    <Modal
      title="请完成图形验证"
      open={open}
      onCancel={() => close(false)}
      onOk={submit}
      okText="确定并发送验证码"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      width={380}
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">为防止短信被恶意刷取，请输入下图中的字符（不区分大小写）。</Typography.Text>
        <Space align="center">
          <div style={{ width: 160, height: 56, border: '1px solid #d9d9d9', borderRadius: 6, overflow: 'hidden', background: '#fafafa' }}>
            {challenge && <img src={challenge.image} width={160} height={56} alt="图形验证码" />}
          </div>
          <Button icon={<ReloadOutlined />} onClick={fresh} aria-label="换一张">
            换一张
          </Button>
        </Space>
        <Input
          autoFocus
          value={answer}
          maxLength={8}
          placeholder="图中的字符"
          onChange={(e) => setAnswer(e.target.value)}
          onPressEnter={submit}
          aria-label="图中的字符"
        />
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Modal>
  );
  return { send, modal };
}
