// Caches the authentication row of an ingest token for a short time, so a busy webhook caller
// does not cost a database round trip per request before its record is even written. The
// same discipline as the API key cache (../api-keys/verified-cache.ts):
//   - every change that matters for authentication NOTIFYs chronos_ingest_tokens (0014) and
//     the listener evicts the token in every replica; the changing request also evicts it
//     locally, so its own replica never answers from a stale entry after the change commits;
//   - while the listener is down nothing is cached or served from the cache, and everything
//     is dropped when it reconnects (a notification may have been missed meanwhile);
//   - a lookup that started before an eviction cannot store its possibly stale row afterwards
//     (the eviction generation must not have moved).
// Expiry and revocation times of the row are still checked on every request.
import type { Listener } from '../../db/listener.ts';
import type { IngestTokenAuthRow } from './repo.ts';

export const INGEST_TOKEN_CHANGES_CHANNEL = 'chronos_ingest_tokens';

export type IngestTokenCache = {
  get(publicId: string): IngestTokenAuthRow | undefined;
  /** Call before the database lookup; pass the result to `store`. */
  generation(): number;
  store(publicId: string, row: IngestTokenAuthRow, generation: number): void;
  evict(publicId?: string): void;
};

type Entry = { row: IngestTokenAuthRow; until: number };

export function createIngestTokenCache(options: {
  ttlMs: number;
  max?: number;
  listener?: Listener;
}): IngestTokenCache {
  const entries = new Map<string, Entry>();
  const max = options.max ?? 10_000;
  let generation = 0;
  const enabled = () => options.ttlMs > 0 && (options.listener?.healthy ?? false);
  const evict = (publicId?: string) => {
    generation++;
    if (publicId === undefined) entries.clear();
    else entries.delete(publicId);
  };
  options.listener?.on(INGEST_TOKEN_CHANGES_CHANNEL, (publicId) => evict(publicId || undefined));
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
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(publicId, { row, until: Date.now() + options.ttlMs });
    },
    evict,
  };
}
