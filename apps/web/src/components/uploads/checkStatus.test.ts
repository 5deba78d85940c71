import { describe, expect, it } from 'vitest';
import { statusChanged } from './checkStatus.ts';

const slot = (name: string, file: { id: string; checkStatus: 'pending' | 'running' | 'done' | 'error' } | null) =>
  ({ slot: name, file: file && ({ ...file } as never) });

describe('statusChanged: when the case page reads the slots again', () => {
  const shown = [slot('video', { id: 'f1', checkStatus: 'running' }), slot('report', null)];
  it('not while every slot holds the same file in the same state, nor when a waiting check starts (both show 检查中…)', () => {
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'running' }, { slot: 'report', fileId: null, checkStatus: null }])).toBe(false);
    expect(statusChanged([slot('video', { id: 'f1', checkStatus: 'pending' })], [{ slot: 'video', fileId: 'f1', checkStatus: 'running' }])).toBe(false);
  });
  it('when a check moved on, a file was replaced or added, or the slots differ', () => {
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'done' }, { slot: 'report', fileId: null, checkStatus: null }])).toBe(true);
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'error' }, { slot: 'report', fileId: null, checkStatus: null }])).toBe(true);
    expect(statusChanged([slot('video', { id: 'f1', checkStatus: 'done' })], [{ slot: 'video', fileId: 'f1', checkStatus: 'pending' }])).toBe(true);
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f2', checkStatus: 'pending' }, { slot: 'report', fileId: null, checkStatus: null }])).toBe(true);
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'running' }, { slot: 'report', fileId: 'f3', checkStatus: 'pending' }])).toBe(true);
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'running' }])).toBe(true);
    expect(statusChanged(shown, [{ slot: 'video', fileId: 'f1', checkStatus: 'running' }, { slot: 'courseware', fileId: null, checkStatus: null }])).toBe(true);
  });
});
