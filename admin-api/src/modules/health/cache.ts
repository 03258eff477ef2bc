// Reuse of a slow result: callers within `ttlMs` of the last completed run get its result,
// and concurrent callers share one run in flight (so a burst of /health requests makes one
// request to n8n, not one each). A failed run is not kept.
export function cachedRun<T>(ttlMs: number, run: () => Promise<T>): () => Promise<T> {
  let current: { promise: Promise<T>; settledAt: number | undefined } | undefined;
  return () => {
    const fresh = current && (current.settledAt === undefined || performance.now() - current.settledAt < ttlMs);
    if (fresh) return current!.promise;
    const entry: { promise: Promise<T>; settledAt: number | undefined } = {
      promise: run().then(
        (value) => {
          entry.settledAt = performance.now();
          return value;
        },
        (error: unknown) => {
          if (current === entry) current = undefined;
          throw error;
        },
      ),
      settledAt: undefined,
    };
    current = entry;
    return entry.promise;
  };
}
