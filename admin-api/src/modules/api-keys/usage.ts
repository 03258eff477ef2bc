// API key usage statistics (last used at, count, last IP), collected in memory and written
// once a second per key. Writing on every request made every call of a busy key queue on the
// same row lock; now a request does no database write for statistics at all. On shutdown
// the remainder is flushed. Also remembers which (key, IP) pairs this process has seen, so
// the new-IP detector runs once per pair instead of once per request.
import type pg from 'pg';
import type { Logger } from '../../logger.ts';

export type UsageRecorder = {
  record(keyId: string, ip: string | undefined): void;
  /** True the first time this process sees the pair (bounded memory). */
  firstSeen(keyId: string, ip: string | undefined): boolean;
  flush(): Promise<void>;
  close(): Promise<void>;
};

type Pending = { count: number; ip: string | null; at: Date };
const MAX_SEEN_PAIRS = 50_000;

export function createUsageRecorder(pool: pg.Pool, logger: Logger, intervalMs = 1000): UsageRecorder {
  let pending = new Map<string, Pending>();
  const seen = new Set<string>();
  let flushing: Promise<void> = Promise.resolve();

  const writeBatch = async (batch: Map<string, Pending>) => {
    for (const [id, usage] of batch) {
      await pool
        .query(
          `UPDATE api_keys SET use_count = use_count + $2, last_used_ip = $3,
                  last_used_at = GREATEST(coalesce(last_used_at, $4), $4)
            WHERE id = $1`,
          [id, usage.count, usage.ip, usage.at],
        )
        .catch((error: Error) =>
          logger.warn({ err: { message: error.message }, apiKeyId: id }, 'could not record API key use'),
        );
    }
  };
  const flush = () => {
    if (pending.size === 0) return flushing;
    const batch = pending;
    pending = new Map();
    flushing = flushing.then(() => writeBatch(batch));
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    record(keyId, ip) {
      const entry = pending.get(keyId);
      if (entry) {
        entry.count++;
        entry.ip = ip ?? entry.ip;
        entry.at = new Date();
      } else pending.set(keyId, { count: 1, ip: ip ?? null, at: new Date() });
    },
    firstSeen(keyId, ip) {
      const pair = `${keyId}|${ip ?? ''}`;
      if (seen.has(pair)) return false;
      if (seen.size >= MAX_SEEN_PAIRS) seen.clear();
      seen.add(pair);
      return true;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
