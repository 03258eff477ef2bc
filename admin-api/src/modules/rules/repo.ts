// SQL for rules.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { RuleInput } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type RuleRow = {
  id: string;
  name: string;
  description: string | null;
  trigger_system: string;
  trigger_action: string;
  trigger_status: string;
  follow_system: string;
  follow_action: string;
  params_template: Record<string, unknown>;
  enabled: boolean;
  max_depth: number;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `r.id, r.name, r.description, r.trigger_system, r.trigger_action, r.trigger_status, r.follow_system,
  r.follow_action, r.params_template, r.enabled, r.max_depth, r.created_at, r.updated_at`;

export const SORTABLE = [
  'name',
  'trigger_system',
  'follow_system',
  'trigger_status',
  'enabled',
  'max_depth',
  'created_at',
  'updated_at',
];

const listTable: ListTable = {
  from: 'rules r',
  columns: COLUMNS,
  idColumn: 'r.id',
  search: ilikeSearch(
    'r.name',
    'r.description',
    'r.trigger_system',
    'r.trigger_action',
    'r.follow_system',
    'r.follow_action',
  ),
  filters: {
    enabled: filterSql.equals('r.enabled'),
    trigger_system: filterSql.equals('r.trigger_system'),
    trigger_action: filterSql.equals('r.trigger_action'),
    trigger_status: filterSql.equals('r.trigger_status'),
    follow_system: filterSql.equals('r.follow_system'),
  },
  sortColumns: Object.fromEntries(SORTABLE.map((f) => [f, `r.${f}`])),
};

export const listRules = (db: Queryable, query: ListQuery) => listRows<RuleRow>(db, listTable, query);

export async function getRule(db: Queryable, id: string, forUpdate = false): Promise<RuleRow | undefined> {
  return (
    await db.query<RuleRow>(`SELECT ${COLUMNS} FROM rules r WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
}

const values = (r: RuleInput) => [
  r.name,
  r.description,
  r.trigger_system,
  r.trigger_action,
  r.trigger_status,
  r.follow_system,
  r.follow_action,
  JSON.stringify(r.params_template),
  r.enabled,
  r.max_depth,
];

export async function insertRule(db: Queryable, r: RuleInput): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO rules (name, description, trigger_system, trigger_action, trigger_status, follow_system, follow_action,
       params_template, enabled, max_depth)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING id`,
    values(r),
  );
  return result.rows[0]!.id;
}

export async function updateRule(db: Queryable, id: string, r: RuleInput): Promise<void> {
  await db.query(
    `UPDATE rules SET name = $2, description = $3, trigger_system = $4, trigger_action = $5, trigger_status = $6,
       follow_system = $7, follow_action = $8, params_template = $9::jsonb, enabled = $10, max_depth = $11
     WHERE id = $1`,
    [id, ...values(r)],
  );
}

export async function deleteRule(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM rules WHERE id = $1', [id]);
}
