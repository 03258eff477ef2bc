// The one query behind the operational gauges of /metrics, run at scrape time. Every part is
// bounded by an index, not by the size of a history table (EXPLAIN in metrics.test.ts):
//   depth         outbox_status_created_idx, only the non-terminal statuses (delivered and
//                 cancelled rows are history, not depth)
//   lag           outbox_due_idx: min(available_at) is its first entry
//   attempts      delivery_attempts_started_at_idx, a time window
//   backup        backups_started_at_idx, newest completed row
//   samples       health_samples_host_taken_at_idx as a skip scan: one probe per host, so the
//                 cost follows the number of hosts, not of samples
//   open events   health_events_open_idx (partial: unresolved only)
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';

export type OperationsSnapshot = {
  depth: { status: string; channel: string; n: number }[];
  lag_s: number | null;
  attempts: { outcome: string; n: number }[];
  backup: { age_s: number; duration_ms: number | null } | null;
  samples: { host: string; age_s: number }[];
  open_events: { severity: string; n: number }[];
};

/** Hosts beyond this many are not reported (keeps the series count bounded). */
export const MAX_HOSTS = 1000;

export const OPERATIONS_SQL = `
  SELECT
    (SELECT coalesce(json_agg(d), '[]') FROM (
       SELECT status, channel, count(*)::int AS n FROM outbox
        WHERE status IN ('pending', 'in_flight', 'dead') GROUP BY status, channel) d) AS depth,
    (SELECT extract(epoch FROM now() - min(available_at))::float8 FROM outbox
      WHERE status = 'pending' AND available_at <= now()) AS lag_s,
    (SELECT coalesce(json_agg(a), '[]') FROM (
       SELECT outcome, count(*)::int AS n FROM delivery_attempts
        WHERE started_at >= now() - make_interval(secs => $1::double precision) AND outcome IS NOT NULL
        GROUP BY outcome) a) AS attempts,
    (SELECT row_to_json(b) FROM (
       SELECT extract(epoch FROM now() - finished_at)::float8 AS age_s, duration_ms FROM backups
        WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1) b) AS backup,
    (SELECT coalesce(json_agg(s), '[]') FROM (
       WITH RECURSIVE hosts(host) AS (
         (SELECT host FROM health_samples ORDER BY host LIMIT 1)
         UNION ALL
         SELECT (SELECT h.host FROM health_samples h WHERE h.host > hosts.host ORDER BY h.host LIMIT 1)
           FROM hosts WHERE hosts.host IS NOT NULL)
       SELECT host,
              extract(epoch FROM now() - (SELECT max(taken_at) FROM health_samples x WHERE x.host = hosts.host))::float8
                AS age_s
         FROM hosts WHERE host IS NOT NULL LIMIT ${MAX_HOSTS}) s) AS samples,
    (SELECT coalesce(json_agg(e), '[]') FROM (
       SELECT severity, count(*)::int AS n FROM health_events WHERE resolved_at IS NULL GROUP BY severity) e)
      AS open_events`;

/**
 * Reads the snapshot in a transaction whose statement_timeout cancels the query on the server
 * when it runs long (the caller adds a client-side deadline for a server that hangs).
 */
export function readOperations(
  pool: pg.Pool,
  options: { attemptWindowS: number; statementTimeoutMs: number },
): Promise<OperationsSnapshot> {
  return withTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(options.statementTimeoutMs)]);
    return (await client.query<OperationsSnapshot>(OPERATIONS_SQL, [options.attemptWindowS])).rows[0]!;
  });
}
