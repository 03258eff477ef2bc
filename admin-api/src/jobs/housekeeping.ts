// Pruning of the replay/dedupe tables: their rows only matter for as long as a replay could
// still be accepted (Standard Webhooks: 5 minutes of timestamp tolerance; Telegram redelivers
// an update for at most a day), so older rows are deleted in small batches.
import type pg from 'pg';

const BATCH = 5_000;

export async function pruneSeenIds(pool: pg.Pool): Promise<number> {
  const webhooks = await pool.query(
    `DELETE FROM seen_webhook_ids WHERE ctid IN (
       SELECT ctid FROM seen_webhook_ids WHERE seen_at < now() - interval '1 hour' LIMIT $1)`,
    [BATCH],
  );
  const telegram = await pool.query(
    `DELETE FROM telegram_updates_seen WHERE update_id IN (
       SELECT update_id FROM telegram_updates_seen WHERE received_at < now() - interval '7 days' LIMIT $1)`,
    [BATCH],
  );
  return (webhooks.rowCount ?? 0) + (telegram.rowCount ?? 0);
}
