// SQL for the outbox API. Retrying a row resets its counters (attempts, starts) so it gets
// the full number of attempts again; the NOTIFY trigger on dead → pending wakes the relays.
import type pg from 'pg';
import { filterSql, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type OutboxRecord = {
  id: string;
  event_type: string;
  channel: string;
  subscription_id: string | null;
  target: string | null;
  payload: unknown;
  idempotency_key: string;
  status: string;
  attempts: number;
  starts: number;
  max_attempts: number;
  available_at: Date;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: Date | null;
  entity: string | null;
  entity_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `o.id, o.event_type, o.channel, o.subscription_id, o.target, o.payload, o.idempotency_key, o.status,
  o.attempts, o.starts, o.max_attempts, o.available_at, o.locked_until, o.locked_by, o.last_error, o.last_status_code,
  o.delivered_at, o.entity, o.entity_id, o.created_at, o.updated_at`;

const table: ListTable = {
  from: 'outbox o',
  columns: COLUMNS,
  idColumn: 'o.id',
  search: (q, params) => {
    const p = params.add(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return `o.event_type ILIKE ${p} OR o.target ILIKE ${p} OR o.last_error ILIKE ${p} OR o.idempotency_key ILIKE ${p}`;
  },
  filters: {
    status: filterSql.oneOf('o.status'),
    channel: filterSql.oneOf('o.channel'),
    event_type: filterSql.equals('o.event_type'),
    subscription_id: filterSql.equals('o.subscription_id'),
    entity: filterSql.equals('o.entity'),
    entity_id: filterSql.equals('o.entity_id'),
    created_from: filterSql.from('o.created_at'),
    created_to: filterSql.until('o.created_at'),
  },
  sortColumns: {
    created_at: 'o.created_at',
    updated_at: 'o.updated_at',
    available_at: 'o.available_at',
    status: 'o.status',
    attempts: 'o.attempts',
  },
};
export const SORTABLE = Object.keys(table.sortColumns);

export const listOutbox = (db: Queryable, query: ListQuery) => listRows<OutboxRecord>(db, table, query);

export async function getOutbox(db: Queryable, id: string): Promise<OutboxRecord | undefined> {
  return (await db.query<OutboxRecord>(`SELECT ${COLUMNS} FROM outbox o WHERE o.id = $1`, [id])).rows[0];
}

export async function attemptsOf(db: Queryable, id: string) {
  const result = await db.query(
    `SELECT id, attempt, relay, started_at, finished_at, duration_ms, outcome, status_code, error, response_excerpt,
            retry_after_ms
       FROM delivery_attempts WHERE outbox_id = $1 ORDER BY started_at, attempt`,
    [id],
  );
  return result.rows as Array<Record<string, unknown> & { started_at: Date; finished_at: Date | null }>;
}

/** Dead or cancelled rows back to pending, counters reset; returns the ids retried. */
export async function requeue(
  client: pg.ClientBase,
  where: { ids?: string[]; event_type?: string; channel?: string; subscription_id?: string },
): Promise<string[]> {
  const result = await client.query<{ id: string }>(
    `UPDATE outbox SET status = 'pending', attempts = 0, starts = 0, available_at = now(), last_error = NULL,
            last_status_code = NULL, locked_by = NULL, locked_until = NULL
      WHERE status IN ('dead', 'cancelled')
        AND ($1::uuid[] IS NULL OR id = ANY($1))
        AND ($2::text IS NULL OR event_type = $2)
        AND ($3::text IS NULL OR channel = $3)
        AND ($4::uuid IS NULL OR subscription_id = $4)
      RETURNING id`,
    [where.ids ?? null, where.event_type ?? null, where.channel ?? null, where.subscription_id ?? null],
  );
  return result.rows.map((r) => r.id);
}

/** Delivered (and cancelled) rows older than the retention; attempts go with them (cascade). */
export async function purge(client: pg.ClientBase, olderThanDays: number, dryRun: boolean): Promise<number> {
  // Delivered rows age from their delivery, cancelled ones from their last change.
  const condition = `status IN ('delivered', 'cancelled') AND coalesce(delivered_at, updated_at) < now() - make_interval(days => $1)`;
  if (dryRun) {
    return Number(
      (await client.query(`SELECT count(*) AS n FROM outbox WHERE ${condition}`, [olderThanDays])).rows[0].n,
    );
  }
  return (await client.query(`DELETE FROM outbox WHERE ${condition}`, [olderThanDays])).rowCount ?? 0;
}
