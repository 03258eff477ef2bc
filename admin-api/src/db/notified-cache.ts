// A short-lived cache of authentication rows (API keys, ingest tokens) that stays correct
// across replicas, so a busy credential does not cost a database round trip per request:
//   - every change that matters for authentication NOTIFYs `channel` with the row's public id
//     (migrations 0012, 0014) and the listener evicts it in every replica; the changing request
//     also evicts locally, so its own replica never answers from a stale entry after the commit;
//   - while the listener is down nothing is cached or served from the cache, and everything is
//     dropped when it reconnects (a notification may have been missed meanwhile);
//   - a lookup that started before an eviction cannot store its possibly stale row afterwards:
//     entries are only stored if the eviction generation did not move meanwhile.
// The row's own times (expiry, revocation, grace end) are still checked on every request.
import type { Listener } from './listener.ts';

export type NotifiedCache<T> = {
  /** The cached row, or undefined (also whenever caching is not trustworthy). */
  get(publicId: string): T | undefined;
  /** Call before the database lookup; pass the result to `store`. */
  generation(): number;
  store(publicId: string, row: T, generation: number): void;
  evict(publicId?: string): void;
};

export function createNotifiedCache<T>(options: {
  /** NOTIFY channel whose payload is the public id of a changed row. */
  channel: string;
  ttlMs: number;
  max?: number;
  listener?: Listener;
}): NotifiedCache<T> {
  const entries = new Map<string, { row: T; until: number }>();
  const max = options.max ?? 10_000;
  let generation = 0;
  const enabled = () => options.ttlMs > 0 && (options.listener?.healthy ?? false);
  const evict = (publicId?: string) => {
    generation++;
    if (publicId === undefined) entries.clear();
    else entries.delete(publicId);
  };
  options.listener?.on(options.channel, (publicId) => evict(publicId || undefined));
  options.listener?.onReconnect(() => evict());

  return {
    get(publicId) {
      if (!enabled()) return undefined;
      const entry = entries.get(publicId);
      if (!entry) return undefined;
      if (entry.until <= Date.now()) {
        entries.delete(publicId);
        return undefined;
      }
      return entry.row;
    },
    generation: () => generation,
    store(publicId, row, seen) {
      if (!enabled() || seen !== generation) return;
      // Oldest first out: Map iteration order is insertion order.
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(publicId, { row, until: Date.now() + options.ttlMs });
    },
    evict,
  };
}
