// Caches the authentication row of an API key for a short time, so a busy key does not cost a
// database round trip on every request (on this kind of machine a round trip is a large part
// of a small request's CPU). Correctness rests on three things:
//   - every change to a key that matters for authentication NOTIFYs chronos_api_keys (0012),
//     and the listener evicts the key in every replica; the changing request also evicts it
//     locally, so its own replica never answers from a stale entry after the change commits;
//   - while the listener is down nothing is cached or served from the cache (a notification
//     could be missed), and everything is dropped when it reconnects;
//   - a lookup that started before an eviction cannot store its (possibly stale) row
//     afterwards: entries are only stored if the eviction generation did not move meanwhile.
// The row's own times (expiry, revocation, grace end) are still checked on every request.
import type { Listener } from '../../db/listener.ts';
import type { ApiKeyRow } from './repo.ts';

export const API_KEY_CHANGES_CHANNEL = 'chronos_api_keys';

export type ApiKeyCache = {
  /** The cached row, or undefined (also whenever caching is not trustworthy). */
  get(publicId: string): ApiKeyRow | undefined;
  /** Call before the database lookup; pass the result to `store`. */
  generation(): number;
  store(publicId: string, row: ApiKeyRow, generation: number): void;
  evict(publicId?: string): void;
};

type Entry = { row: ApiKeyRow; until: number };

export function createApiKeyCache(options: { ttlMs: number; max?: number; listener?: Listener }): ApiKeyCache {
  const entries = new Map<string, Entry>();
  const max = options.max ?? 10_000;
  let generation = 0;
  const enabled = () => options.ttlMs > 0 && (options.listener?.healthy ?? false);
  const evict = (publicId?: string) => {
    generation++;
    if (publicId === undefined) entries.clear();
    else entries.delete(publicId);
  };
  options.listener?.on(API_KEY_CHANGES_CHANNEL, (publicId) => evict(publicId || undefined));
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
