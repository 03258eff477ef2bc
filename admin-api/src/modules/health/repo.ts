// SQL of the /health checks that read Chronos tables. Each query uses a partial or leading
// index (outbox_due_idx, outbox_status_created_idx, backups_started_at_idx,
// backups_one_running_idx), so it costs the same on a large outbox as on an empty one —
// apart from the counts, which are bounded by the backlog itself.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export type OutboxBacklog = {
  pending: number;
  due: number;
  in_flight: number;
  dead: number;
  /** Seconds since the oldest pending row became due (null when none is due). */
  lag_s: number | null;
};

export async function outboxBacklog(db: Queryable): Promise<OutboxBacklog> {
  const result = await db.query<OutboxBacklog>(
    `SELECT
       (SELECT count(*) FROM outbox WHERE status = 'pending')::int AS pending,
       (SELECT count(*) FROM outbox WHERE status = 'pending' AND available_at <= now())::int AS due,
       (SELECT count(*) FROM outbox WHERE status = 'in_flight')::int AS in_flight,
       (SELECT count(*) FROM outbox WHERE status = 'dead')::int AS dead,
       (SELECT extract(epoch FROM now() - min(available_at))::float8
          FROM outbox WHERE status = 'pending' AND available_at <= now()) AS lag_s`,
  );
  return result.rows[0]!;
}

export type BackupState = {
  last: { finished_at: Date; age_s: number; duration_ms: number | null; kind: string } | null;
  running_since: Date | null;
};

export async function backupState(db: Queryable): Promise<BackupState> {
  const result = await db.query<{
    finished_at: Date | null;
    age_s: number | null;
    duration_ms: number | null;
    kind: string | null;
    running_since: Date | null;
  }>(
    `SELECT last.finished_at, last.age_s, last.duration_ms, last.kind,
            (SELECT started_at FROM backups WHERE status = 'running') AS running_since
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT finished_at, extract(epoch FROM now() - finished_at)::float8 AS age_s, duration_ms, kind
           FROM backups WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1) AS last ON true`,
  );
  const row = result.rows[0]!;
  return {
    last:
      row.finished_at && row.age_s !== null
        ? { finished_at: row.finished_at, age_s: row.age_s, duration_ms: row.duration_ms, kind: row.kind ?? 'manual' }
        : null,
    running_since: row.running_since,
  };
}
