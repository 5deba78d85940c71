// The per-process copy of the upload records (CachedKvStore): read from the file once, written through, never shared
// by reference, bounded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileKvStore, type KvStore } from '@tus/utils';
import { CachedKvStore } from './tus-stores.ts';

type Rec = { size: number; metadata: Record<string, string>; completionReported?: boolean };
const dir = mkdtempSync(path.join(tmpdir(), 'anli-kv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file store, counting its reads. */
function counted(): KvStore<Rec> & { reads: number } {
  const files = new FileKvStore<Rec>(dir);
  const c = {
    reads: 0,
    get: async (k: string) => {
      c.reads++;
      return files.get(k);
    },
    set: (k: string, v: Rec) => files.set(k, v),
    delete: (k: string) => files.delete(k),
    list: () => files.list(),
  };
  return c;
}

describe('CachedKvStore', () => {
  it('reads a record from its file once, writes through to the file, and forgets what it deletes', async () => {
    const inner = counted();
    const kv = new CachedKvStore(inner);
    await kv.set('a1', { size: 10, metadata: { slot: 'video' } });
    expect(JSON.parse(readFileSync(path.join(dir, 'a1.json'), 'utf8'))).toEqual({ size: 10, metadata: { slot: 'video' } });
    for (let i = 0; i < 5; i++) expect(await kv.get('a1')).toEqual({ size: 10, metadata: { slot: 'video' } });
    expect(inner.reads).toBe(0);
    // Another process (a second store on the same folder) reads the file once, then its copy.
    const other = counted();
    const kv2 = new CachedKvStore(other);
    await kv2.get('a1');
    await kv2.get('a1');
    expect(other.reads).toBe(1);
    await kv.set('a1', { size: 10, metadata: { slot: 'video' }, completionReported: true });
    expect((await kv.get('a1'))?.completionReported).toBe(true);
    await kv.delete('a1');
    expect(await kv.get('a1')).toBeUndefined();
    expect(inner.reads).toBe(1); // the read after the delete went to the (gone) file
  });

  it('hands out a fresh object each time: changing it changes nothing kept', async () => {
    const kv = new CachedKvStore(counted());
    await kv.set('b1', { size: 5, metadata: { owner: 'u1' } });
    const got = (await kv.get('b1'))!;
    got.metadata.owner = 'someone else';
    got.size = 0;
    expect(await kv.get('b1')).toEqual({ size: 5, metadata: { owner: 'u1' } });
  });

  it('keeps at most `max` records, dropping the least recently kept', async () => {
    const inner = counted();
    const kv = new CachedKvStore(inner, 2);
    for (const k of ['c1', 'c2', 'c3']) await kv.set(k, { size: 1, metadata: {} });
    await kv.get('c2');
    await kv.get('c3');
    expect(inner.reads).toBe(0);
    expect(await kv.get('c1')).toEqual({ size: 1, metadata: {} }); // from its file
    expect(inner.reads).toBe(1);
  });
});
