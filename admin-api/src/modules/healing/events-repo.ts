// SQL for health_events: detections (one open row per host, kind and subject) and the
// post-reboot validation records.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { Detection, Severity } from './rules/types.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type HealthEventRow = {
  id: string;
  host: string;
  kind: string;
  severity: Severity;
  metric: string | null;
  value: number | null;
  threshold: number | null;
  details: Record<string, unknown>;
  occurred_at: Date;
  last_seen_at: Date | null;
  resolved_at: Date | null;
};

const COLUMNS =
  'e.id, e.host, e.kind, e.severity, e.metric, e.value, e.threshold, e.details, e.occurred_at, e.last_seen_at, e.resolved_at';

export const SORTABLE = ['occurred_at', 'last_seen_at', 'resolved_at', 'host', 'kind', 'severity'];

const listTable: ListTable = {
  from: 'health_events e',
  columns: COLUMNS,
  idColumn: 'e.id',
  search: ilikeSearch('e.host', 'e.kind', 'e.metric'),
  filters: {
    host: filterSql.oneOf('e.host'),
    kind: filterSql.oneOf('e.kind'),
    severity: filterSql.oneOf('e.severity'),
    open: (value: never) => ((value as boolean) ? 'e.resolved_at IS NULL' : 'e.resolved_at IS NOT NULL'),
    occurred_from: filterSql.from('e.occurred_at'),
    occurred_to: filterSql.until('e.occurred_at'),
  },
  sortColumns: Object.fromEntries(SORTABLE.map((f) => [f, `e.${f}`])),
};

export const listEvents = (db: Queryable, query: ListQuery) => listRows<HealthEventRow>(db, listTable, query);

export async function openEvents(db: Queryable, host: string): Promise<HealthEventRow[]> {
  const result = await db.query<HealthEventRow>(
    `SELECT ${COLUMNS} FROM health_events e WHERE e.host = $1 AND e.resolved_at IS NULL`,
    [host],
  );
  return result.rows;
}

export async function insertEvent(
  db: Queryable,
  host: string,
  d: Detection,
  at: Date,
  resolvedAt: Date | null = null,
): Promise<HealthEventRow> {
  const result = await db.query<HealthEventRow>(
    `INSERT INTO health_events AS e (host, kind, severity, metric, value, threshold, details, occurred_at, last_seen_at, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $8, $9)
     RETURNING ${COLUMNS}`,
    [host, d.kind, d.severity, d.metric, d.value, d.threshold, JSON.stringify(d.details), at, resolvedAt],
  );
  return result.rows[0]!;
}

export async function updateOpenEvent(db: Queryable, id: string, d: Detection, at: Date): Promise<HealthEventRow> {
  const result = await db.query<HealthEventRow>(
    `UPDATE health_events e SET severity = $2, value = $3, threshold = $4, details = $5::jsonb,
            last_seen_at = greatest($6, e.occurred_at)
      WHERE e.id = $1
      RETURNING ${COLUMNS}`,
    [id, d.severity, d.value, d.threshold, JSON.stringify(d.details), at],
  );
  return result.rows[0]!;
}

export async function resolveEvent(db: Queryable, id: string, at: Date): Promise<HealthEventRow> {
  const result = await db.query<HealthEventRow>(
    `UPDATE health_events e SET resolved_at = greatest($2, e.occurred_at) WHERE e.id = $1 RETURNING ${COLUMNS}`,
    [id, at],
  );
  return result.rows[0]!;
}
