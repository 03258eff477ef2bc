// SQL for health_samples and service_failures.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { SampleMetrics } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SampleRow = {
  id: string;
  host: string;
  taken_at: Date;
  received_at: Date;
  metrics: SampleMetrics;
};

const COLUMNS = 's.id, s.host, s.taken_at, s.received_at, s.metrics';

export const SORTABLE = ['taken_at', 'received_at', 'host'];

const listTable: ListTable = {
  from: 'health_samples s',
  columns: COLUMNS,
  idColumn: 's.id',
  search: ilikeSearch('s.host'),
  filters: {
    host: filterSql.oneOf('s.host'),
    taken_from: filterSql.from('s.taken_at'),
    taken_to: filterSql.until('s.taken_at'),
  },
  sortColumns: { taken_at: 's.taken_at', received_at: 's.received_at', host: 's.host' },
};

export const listSamples = (db: Queryable, query: ListQuery) => listRows<SampleRow>(db, listTable, query);

/** Inserts unless (host, taken_at) is stored already; the new id, or undefined for a re-send. */
export async function insertSample(
  db: Queryable,
  host: string,
  takenAt: string,
  metrics: SampleMetrics,
): Promise<string | undefined> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO health_samples (host, taken_at, metrics) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (host, taken_at) DO NOTHING
     RETURNING id`,
    [host, takenAt, JSON.stringify(metrics)],
  );
  return result.rows[0]?.id;
}

export async function findSampleId(db: Queryable, host: string, takenAt: string): Promise<string | undefined> {
  const result = await db.query<{ id: string }>('SELECT id FROM health_samples WHERE host = $1 AND taken_at = $2', [
    host,
    takenAt,
  ]);
  return result.rows[0]?.id;
}

export type ServiceFailure = { service: string; failedAt: string; details: Record<string, unknown> };

export async function insertServiceFailures(db: Queryable, host: string, failures: ServiceFailure[]): Promise<void> {
  if (failures.length === 0) return;
  await db.query(
    `INSERT INTO service_failures (host, service, failed_at, details)
     SELECT $1, f.service, f.failed_at, f.details
       FROM jsonb_to_recordset($2::jsonb) AS f (service text, failed_at timestamptz, details jsonb)`,
    [host, JSON.stringify(failures.map((f) => ({ service: f.service, failed_at: f.failedAt, details: f.details })))],
  );
}

/** Samples of a host taken in (from, to], oldest first, at most `limit` of the newest. */
export async function recentSamples(
  db: Queryable,
  host: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<SampleRow[]> {
  const result = await db.query<SampleRow>(
    `SELECT * FROM (
       SELECT ${COLUMNS} FROM health_samples s
        WHERE s.host = $1 AND s.taken_at > $2 AND s.taken_at <= $3
        ORDER BY s.taken_at DESC LIMIT $4) newest
     ORDER BY taken_at`,
    [host, from, to, limit],
  );
  return result.rows;
}

/** Failures of a host's services observed in (from, to], oldest first. */
export async function recentFailures(
  db: Queryable,
  host: string,
  from: Date,
  to: Date,
): Promise<Array<{ service: string; failed_at: Date }>> {
  const result = await db.query<{ service: string; failed_at: Date }>(
    `SELECT service, failed_at FROM service_failures
      WHERE host = $1 AND failed_at > $2 AND failed_at <= $3
      ORDER BY failed_at`,
    [host, from, to],
  );
  return result.rows;
}

/** Hosts with a sample taken in (from, to]. */
export async function hostsWithSamples(db: Queryable, from: Date, to: Date): Promise<string[]> {
  const result = await db.query<{ host: string }>(
    `SELECT DISTINCT host FROM health_samples WHERE taken_at > $1 AND taken_at <= $2 ORDER BY host`,
    [from, to],
  );
  return result.rows.map((r) => r.host);
}

/**
 * The newest sample of every host. A loose index scan (one index probe per host on
 * (host, taken_at DESC)) instead of DISTINCT ON, which would read every stored sample.
 */
export async function latestPerHost(db: Queryable): Promise<SampleRow[]> {
  const result = await db.query<SampleRow>(
    `WITH RECURSIVE hosts (host) AS (
       SELECT min(host) FROM health_samples
       UNION ALL
       SELECT (SELECT min(s.host) FROM health_samples s WHERE s.host > hosts.host) FROM hosts WHERE hosts.host IS NOT NULL
     )
     SELECT latest.* FROM hosts
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM health_samples s WHERE s.host = hosts.host ORDER BY s.taken_at DESC LIMIT 1
     ) latest
     WHERE hosts.host IS NOT NULL`,
  );
  return result.rows;
}

const PRUNE_BATCH = 5_000;

/** Deletes one batch of samples and service failures older than `days`; how many rows went. */
export async function pruneOlderThan(db: Queryable, days: number): Promise<number> {
  const samples = await db.query(
    `DELETE FROM health_samples WHERE id IN (
       SELECT id FROM health_samples WHERE taken_at < now() - $1 * interval '1 day' LIMIT $2)`,
    [days, PRUNE_BATCH],
  );
  const failures = await db.query(
    `DELETE FROM service_failures WHERE id IN (
       SELECT id FROM service_failures WHERE failed_at < now() - $1 * interval '1 day' LIMIT $2)`,
    [days, PRUNE_BATCH],
  );
  return (samples.rowCount ?? 0) + (failures.rowCount ?? 0);
}

export const PRUNE_BATCH_SIZE = PRUNE_BATCH;
