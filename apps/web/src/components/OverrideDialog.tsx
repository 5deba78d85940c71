// 强制执行: an organiser's action the server refuses for missing information (phase closed, scores missing, round
// still scoring) answers 409 OVERRIDE_REQUIRED with what is missing; this dialog shows it and asks for the reason,
// then runs the action again with that reason (recorded in the audit log).
import { Alert } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/index.ts';
import { ReasonModal } from './ReasonModal.tsx';

type Run<T> = (overrideReason?: string) => Promise<T>;

/** Runs `fn`; when the server asks for an override, opens the dialog and runs it again with the reason given. */
export function useOverride() {
  const [pending, setPending] = useState<{ message: string; title: string; run: Run<unknown>; done(v: unknown): void; fail(e: unknown): void } | null>(null);

  async function withOverride<T>(title: string, fn: Run<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'OVERRIDE_REQUIRED') throw e;
      return new Promise<T | undefined>((resolve, reject) => {
        setPending({ message: e.message, title, run: fn as Run<unknown>, done: (v) => resolve(v as T | undefined), fail: reject });
      });
    }
  }

  const dialog = (
    <ReasonModal
      open={!!pending}
      title={pending?.title ?? '强制执行'}
      label="强制执行的理由"
      placeholder="请写明为何在信息不完整时仍要执行，例如组委会会议决定；理由记入审计日志"
      okText="填写理由后强制执行"
      danger
      intro={pending ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="当前条件不满足" description={pending.message} data-testid="override-problems" /> : null}
      onCancel={() => {
        pending?.done(undefined);
        setPending(null);
      }}
      onSubmit={async (reason) => {
        const v = await pending!.run(reason);
        pending!.done(v);
        setPending(null);
      }}
    />
  );
  return { withOverride, dialog };
}
