// SQL for healing_actions: the record of every healing decision and its result.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type HealingActionRow = {
  id: string;
  host: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  reason: string | null;
  health_event_id: string | null;
  command_id: string | null;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  dry_run: boolean;
  outcome: string | null;
  output: string | null;
  requested_by: string | null;
  requested_at: Date;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `a.id, a.host, a.action, a.target, a.params, a.reason, a.health_event_id, a.command_id, a.status,
  a.dry_run, a.outcome, a.output, a.requested_by, a.requested_at, a.finished_at, a.created_at, a.updated_at`;

export const SORTABLE = ['requested_at', 'finished_at', 'host', 'action', 'status', 'updated_at'];

const listTable: ListTable = {
  from: 'healing_actions a',
  columns: COLUMNS,
  idColumn: 'a.id',
  search: ilikeSearch('a.host', 'a.action', 'a.target', 'a.reason', 'a.outcome'),
  filters: {
    host: filterSql.oneOf('a.host'),
    action: filterSql.oneOf('a.action'),
    status: filterSql.oneOf('a.status'),
    target: filterSql.equals('a.target'),
    dry_run: filterSql.equals('a.dry_run'),
    command_id: filterSql.equals('a.command_id'),
    health_event_id: filterSql.equals('a.health_event_id'),
    requested_from: filterSql.from('a.requested_at'),
    requested_to: filterSql.until('a.requested_at'),
  },
  sortColumns: Object.fromEntries(SORTABLE.map((f) => [f, `a.${f}`])),
};

export const listActions = (db: Queryable, query: ListQuery) => listRows<HealingActionRow>(db, listTable, query);

export type NewHealingAction = {
  host: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  reason: string | null;
  healthEventId: string | null;
  commandId: string | null;
  status: 'pending' | 'skipped';
  dryRun: boolean;
  outcome: string | null;
  requestedBy: string | null;
  requestedAt: Date;
};

export async function insertAction(db: Queryable, a: NewHealingAction): Promise<HealingActionRow> {
  const result = await db.query<HealingActionRow>(
    // created_at = clock_timestamp(): the steps of one decision (stop, then start) keep their order.
    `INSERT INTO healing_actions AS a (host, action, target, params, reason, health_event_id, command_id, status,
       dry_run, outcome, requested_by, requested_at, finished_at, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $8 = 'skipped' THEN $12::timestamptz END,
             clock_timestamp())
     RETURNING ${COLUMNS}`,
    [
      a.host,
      a.action,
      a.target,
      JSON.stringify(a.params),
      a.reason,
      a.healthEventId,
      a.commandId,
      a.status,
      a.dryRun,
      a.outcome,
      a.requestedBy,
      a.requestedAt,
    ],
  );
  return result.rows[0]!;
}

export async function getAction(db: Queryable, id: string): Promise<HealingActionRow | undefined> {
  return (await db.query<HealingActionRow>(`SELECT ${COLUMNS} FROM healing_actions a WHERE a.id = $1`, [id])).rows[0];
}

export async function actionOfCommand(db: Queryable, commandId: string): Promise<HealingActionRow | undefined> {
  const result = await db.query<HealingActionRow>(`SELECT ${COLUMNS} FROM healing_actions a WHERE a.command_id = $1`, [
    commandId,
  ]);
  return result.rows[0];
}

/** A host's queued actions (not skipped, not dry runs) requested in (from, to]. */
export async function recentQueued(
  db: Queryable,
  host: string,
  from: Date,
  to: Date,
): Promise<Array<{ action: string; target: string | null; status: string; requested_at: Date }>> {
  const result = await db.query<{ action: string; target: string | null; status: string; requested_at: Date }>(
    `SELECT action, target, status, requested_at FROM healing_actions
      WHERE host = $1 AND requested_at > $2 AND requested_at <= $3 AND status <> 'skipped' AND NOT dry_run
      ORDER BY requested_at`,
    [host, from, to],
  );
  return result.rows;
}

/** Commands queued in (from, to] on all hosts (the global rate limit). */
export async function countQueued(db: Queryable, from: Date, to: Date): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM healing_actions
      WHERE requested_at > $1 AND requested_at <= $2 AND status <> 'skipped' AND NOT dry_run`,
    [from, to],
  );
  return result.rows[0]?.n ?? 0;
}

/** The newest row for (host, action, target), whatever its status (to not repeat a skip). */
export async function latestFor(
  db: Queryable,
  host: string,
  action: string,
  target: string | null,
): Promise<Pick<HealingActionRow, 'status' | 'outcome'> | undefined> {
  const result = await db.query<Pick<HealingActionRow, 'status' | 'outcome'>>(
    `SELECT status, outcome FROM healing_actions
      WHERE host = $1 AND action = $2 AND target IS NOT DISTINCT FROM $3
      ORDER BY requested_at DESC, created_at DESC LIMIT 1`,
    [host, action, target],
  );
  return result.rows[0];
}

/** Mirrors a HEALING command's status into its healing action (see outcome.ts). */
export async function mirrorCommand(
  db: Queryable,
  commandId: string,
  change: { status: HealingActionRow['status']; outcome: string | null; output: string | null; finished: boolean },
): Promise<void> {
  await db.query(
    `UPDATE healing_actions SET status = $2, outcome = $3, output = coalesce($4, output),
            finished_at = CASE WHEN $5 THEN now() ELSE NULL END
      WHERE command_id = $1`,
    [commandId, change.status, change.outcome, change.output, change.finished],
  );
}
