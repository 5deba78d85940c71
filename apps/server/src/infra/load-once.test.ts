import { describe, expect, it } from 'vitest';
import { loadOnce } from './load-once.ts';

describe('loadOnce', () => {
  it('loads once for concurrent and later callers, and again after a failed load', async () => {
    let calls = 0;
    let fail = true;
    const get = loadOnce(async () => {
      calls++;
      if (fail) throw new Error('not installed');
      return calls;
    });
    await expect(Promise.all([get(), get()])).rejects.toThrow('not installed');
    expect(calls).toBe(1);
    fail = false;
    expect(await Promise.all([get(), get()])).toEqual([2, 2]);
    expect(await get()).toBe(2);
    expect(calls).toBe(2);
  });
});
