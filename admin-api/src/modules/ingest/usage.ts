// Ingest token usage statistics (use count, last used at / from), collected in memory and
// written at most once a second per token — an UPDATE of the token row per request would make
// every request of a busy caller queue on that row's lock (the reason API keys batch theirs,
// ../api-keys/usage.ts). A pending flush is registered as background work, so a graceful
// shutdown (which drains background work before closing the pool) writes the remainder.
import type pg from 'pg';
import type { BackgroundTasks } from '../../background.ts';
import type { Logger } from '../../logger.ts';

export type IngestUsage = {
  record(tokenId: string, ip: string | undefined): void;
  /** Writes what is pending now (tests; the timer does it otherwise). */
  flush(): Promise<void>;
};

type Pending = { count: number; ip: string | null; at: Date };

export function createIngestUsage(
  pool: pg.Pool,
  logger: Logger,
  background: BackgroundTasks,
  intervalMs = 1000,
): IngestUsage {
  let pending = new Map<string, Pending>();
  let scheduled = false;
  let writing: Promise<void> = Promise.resolve();

  const write = async (batch: Map<string, Pending>) => {
    // One statement for the whole batch: a busy second costs one round trip, not one per token.
    const ids: string[] = [];
    const counts: number[] = [];
    const ips: Array<string | null> = [];
    const ats: Date[] = [];
    for (const [id, usage] of batch) {
      ids.push(id);
      counts.push(usage.count);
      ips.push(usage.ip);
      ats.push(usage.at);
    }
    await pool
      .query(
        `UPDATE ingest_tokens t
            SET use_count = t.use_count + u.n, last_used_ip = u.ip,
                last_used_at = GREATEST(coalesce(t.last_used_at, u.at), u.at)
           FROM unnest($1::uuid[], $2::bigint[], $3::inet[], $4::timestamptz[]) AS u(id, n, ip, at)
          WHERE t.id = u.id`,
        [ids, counts, ips, ats],
      )
      .catch((error: Error) =>
        logger.warn({ err: { message: error.message }, tokens: ids.length }, 'could not record ingest token use'),
      );
  };

  const flush = () => {
    if (pending.size > 0) {
      const batch = pending;
      pending = new Map();
      writing = writing.then(() => write(batch));
    }
    return writing;
  };

  const later = () => new Promise<void>((resolve) => setTimeout(resolve, intervalMs));

  return {
    record(tokenId, ip) {
      const entry = pending.get(tokenId);
      if (entry) {
        entry.count++;
        entry.ip = ip ?? entry.ip;
        entry.at = new Date();
      } else pending.set(tokenId, { count: 1, ip: ip ?? null, at: new Date() });
      if (scheduled) return;
      scheduled = true;
      background.track(
        later().then(() => {
          scheduled = false;
          return flush();
        }),
      );
    },
    flush,
  };
}
