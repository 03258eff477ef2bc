// SQL for commands: the list, single reads, the insert, status updates, and the two queue
// statements of migrations/0006 (stale reset, claim). Column names in SET clauses come from
// this file only; every value is a parameter.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { commandColumns, type CommandRow } from './record.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export const SORTABLE = ['created_at', 'updated_at', 'status', 'system', 'action', 'available_at'];

const listTable: ListTable = {
  from: 'commands c',
  columns: commandColumns('c'),
  idColumn: 'c.id',
  search: ilikeSearch('c.system', 'c.action', 'c.last_error', 'c.idempotency_key', 'c.claimed_by', 'c.params::text'),
  filters: {
    status: filterSql.oneOf('c.status'),
    system: filterSql.oneOf('c.system'),
    action: filterSql.oneOf('c.action'),
    source: filterSql.oneOf('c.source'),
    source_event_id: filterSql.equals('c.source_event_id'),
    parent_command_id: filterSql.equals('c.parent_command_id'),
    rule_id: filterSql.equals('c.rule_id'),
    delivery_mode: filterSql.equals('c.delivery_mode'),
    created_from: filterSql.from('c.created_at'),
    created_to: filterSql.until('c.created_at'),
  },
  sortColumns: Object.fromEntries(SORTABLE.map((f) => [f, `c.${f}`])),
};

export const listCommands = (db: Queryable, query: ListQuery) => listRows<CommandRow>(db, listTable, query);

export async function getCommand(db: Queryable, id: string, forUpdate = false): Promise<CommandRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<CommandRow>(`SELECT ${commandColumns()} FROM commands WHERE id = $1${lock}`, [id])).rows[0];
}

export async function findByIdempotencyKey(db: Queryable, key: string): Promise<CommandRow | undefined> {
  return (await db.query<CommandRow>(`SELECT ${commandColumns()} FROM commands WHERE idempotency_key = $1`, [key]))
    .rows[0];
}

export type CommandInsert = {
  system: string;
  action: string;
  params: Record<string, unknown>;
  source: string;
  sourceEventId: string | null;
  idempotencyKey: string | null;
  createdBy: string | null;
  maxRetries: number;
  timeoutSeconds: number;
  deliveryMode: 'poll' | 'push';
  parentCommandId: string | null;
  ruleId: string | null;
  chainDepth: number;
};

/** Inserts; undefined when the idempotency key is taken (by a committed or a concurrent insert). */
export async function insertCommand(db: Queryable, c: CommandInsert): Promise<CommandRow | undefined> {
  const result = await db.query<CommandRow>(
    // clock_timestamp(), not now(): commands created in one transaction (a healing stop + start,
    // a rule's follow-ups) keep their order when claimed (ORDER BY created_at).
    `INSERT INTO commands (system, action, params, source, source_event_id, idempotency_key, created_by, max_retries,
       timeout_seconds, delivery_mode, parent_command_id, rule_id, chain_depth, created_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp(), clock_timestamp())
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${commandColumns()}`,
    [
      c.system,
      c.action,
      JSON.stringify(c.params),
      c.source,
      c.sourceEventId,
      c.idempotencyKey,
      c.createdBy,
      c.maxRetries,
      c.timeoutSeconds,
      c.deliveryMode,
      c.parentCommandId,
      c.ruleId,
      c.chainDepth,
    ],
  );
  return result.rows[0];
}

/** What a status change may set besides the status. `availableInMs` is counted from now(). */
export type StatusChange = {
  status: string;
  attempts?: number;
  claimedBy?: string | null;
  claimedAt?: 'now' | null;
  lastError?: string | null;
  result?: unknown;
  availableInMs?: number;
};

export async function updateStatus(db: Queryable, id: string, change: StatusChange): Promise<CommandRow> {
  const values: unknown[] = [id, change.status];
  const sets = ['status = $2'];
  const set = (column: string, value: unknown, cast = '') => {
    values.push(value);
    sets.push(`${column} = $${values.length}${cast}`);
  };
  if (change.attempts !== undefined) set('attempts', change.attempts);
  if (change.claimedBy !== undefined) set('claimed_by', change.claimedBy);
  if (change.claimedAt !== undefined) sets.push(`claimed_at = ${change.claimedAt === 'now' ? 'now()' : 'NULL'}`);
  if (change.lastError !== undefined) set('last_error', change.lastError);
  if (change.result !== undefined)
    set('result', change.result === null ? null : JSON.stringify(change.result), '::jsonb');
  if (change.availableInMs !== undefined) {
    values.push(change.availableInMs);
    sets.push(`available_at = now() + $${values.length} * interval '1 millisecond'`);
  }
  const result = await db.query<CommandRow>(
    `UPDATE commands SET ${sets.join(', ')} WHERE id = $1 RETURNING ${commandColumns()}`,
    values,
  );
  return result.rows[0]!;
}

/**
 * PROCESSING commands of `system` past their timeout: back to PENDING while attempts ≤
 * max_retries, else FAILED; last_error 'timed out'. Rows another transaction holds (being
 * completed right now) are skipped. Returns the changed rows.
 */
export async function resetStale(db: Queryable, system: string): Promise<CommandRow[]> {
  const result = await db.query<CommandRow>(
    `UPDATE commands c
        SET status = CASE WHEN c.attempts <= c.max_retries THEN 'PENDING' ELSE 'FAILED' END,
            claimed_by = CASE WHEN c.attempts <= c.max_retries THEN NULL ELSE c.claimed_by END,
            claimed_at = CASE WHEN c.attempts <= c.max_retries THEN NULL ELSE c.claimed_at END,
            last_error = 'timed out'
      WHERE c.id IN (SELECT id FROM commands
                      WHERE system = $1 AND status = 'PROCESSING'
                        AND claimed_at + timeout_seconds * interval '1 second' < now()
                      ORDER BY claimed_at
                      FOR UPDATE SKIP LOCKED)
      RETURNING ${commandColumns('c')}`,
    [system],
  );
  return result.rows;
}

/**
 * Claims up to `limit` due PENDING poll commands of `system`, oldest first, for `claimer` —
 * only those whose params.host is `host` when given (a per-host agent's poll).
 */
export async function claim(
  db: Queryable,
  system: string,
  claimer: string,
  limit: number,
  host?: string,
): Promise<CommandRow[]> {
  const result = await db.query<CommandRow>(
    `UPDATE commands c
        SET status = 'PROCESSING', claimed_by = $2, claimed_at = now(), attempts = c.attempts + 1
      WHERE c.id IN (SELECT id FROM commands
                      WHERE system = $1 AND status = 'PENDING' AND delivery_mode = 'poll' AND available_at <= now()
                        AND ($4::text IS NULL OR params ->> 'host' = $4)
                      ORDER BY created_at, id
                      LIMIT $3
                      FOR UPDATE SKIP LOCKED)
      RETURNING ${commandColumns('c')}`,
    [system, claimer, limit, host ?? null],
  );
  // UPDATE … RETURNING has no order of its own: hand them out oldest first.
  return result.rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
}

/** The rule ids of a command and of every ancestor (parent_command_id), for the cycle guard. */
export async function chainRuleIds(db: Queryable, commandId: string): Promise<Set<string>> {
  const result = await db.query<{ rule_id: string }>(
    `WITH RECURSIVE chain (id, parent_command_id, rule_id, n) AS (
       SELECT id, parent_command_id, rule_id, 0 FROM commands WHERE id = $1
       UNION ALL
       SELECT c.id, c.parent_command_id, c.rule_id, chain.n + 1
         FROM commands c JOIN chain ON c.id = chain.parent_command_id
        WHERE chain.n < 1000
     )
     SELECT DISTINCT rule_id FROM chain WHERE rule_id IS NOT NULL`,
    [commandId],
  );
  return new Set(result.rows.map((r) => r.rule_id));
}

export type RefusalRow = { details: Record<string, unknown> | null; occurred_at: Date };

/** The follow-ups rules refused for a command (recorded in the audit log by rules/fire.ts). */
export async function ruleRefusals(db: Queryable, commandId: string): Promise<RefusalRow[]> {
  const result = await db.query<RefusalRow>(
    `SELECT details, occurred_at FROM audit_log
      WHERE entity = 'command' AND entity_id = $1 AND action = 'rule.refused'
      ORDER BY seq`,
    [commandId],
  );
  return result.rows;
}
