// A value loaded on first use (a large SDK imported only by the processes that send through it): concurrent callers
// share one load, and a failed load is not kept, so the next call loads again.
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((e) => {
      loading = null;
      throw e;
    }));
}
