// SQL for whitelist entries.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { ParamSpecs } from './param-check.ts';
import type { WhitelistInput } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type WhitelistRow = {
  id: string;
  system: string;
  action: string;
  params: ParamSpecs;
  description: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'w.id, w.system, w.action, w.params, w.description, w.enabled, w.created_at, w.updated_at';

export const SORTABLE = ['system', 'action', 'enabled', 'created_at', 'updated_at'];

const listTable: ListTable = {
  from: 'whitelists w',
  columns: COLUMNS,
  idColumn: 'w.id',
  search: ilikeSearch('w.system', 'w.action', 'w.description'),
  filters: {
    system: filterSql.equals('w.system'),
    action: filterSql.equals('w.action'),
    enabled: filterSql.equals('w.enabled'),
  },
  sortColumns: {
    system: 'w.system',
    action: 'w.action',
    enabled: 'w.enabled',
    created_at: 'w.created_at',
    updated_at: 'w.updated_at',
  },
};

export const listWhitelists = (db: Queryable, query: ListQuery) => listRows<WhitelistRow>(db, listTable, query);

export async function getWhitelist(db: Queryable, id: string, forUpdate = false): Promise<WhitelistRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<WhitelistRow>(`SELECT ${COLUMNS} FROM whitelists w WHERE w.id = $1${lock}`, [id])).rows[0];
}

export async function findEntry(db: Queryable, system: string, action: string): Promise<WhitelistRow | undefined> {
  const result = await db.query<WhitelistRow>(
    `SELECT ${COLUMNS} FROM whitelists w WHERE w.system = $1 AND w.action = $2`,
    [system, action],
  );
  return result.rows[0];
}

/** Every entry in the stable export order. */
export async function allEntries(db: Queryable): Promise<WhitelistRow[]> {
  return (await db.query<WhitelistRow>(`SELECT ${COLUMNS} FROM whitelists w ORDER BY w.system, w.action`)).rows;
}

const values = (w: WhitelistInput) => [w.system, w.action, JSON.stringify(w.params), w.description, w.enabled];

export async function insertWhitelist(db: Queryable, w: WhitelistInput): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO whitelists (system, action, params, description, enabled) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
    values(w),
  );
  return result.rows[0]!.id;
}

export async function updateWhitelist(db: Queryable, id: string, w: WhitelistInput): Promise<void> {
  await db.query(
    `UPDATE whitelists SET system = $2, action = $3, params = $4::jsonb, description = $5, enabled = $6 WHERE id = $1`,
    [id, ...values(w)],
  );
}

export async function deleteWhitelist(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM whitelists WHERE id = $1', [id]);
}
