// SQL for API keys. Parameterised queries only; the secret itself never reaches this layer,
// only its hash.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

/** What authentication needs. */
export type ApiKeyRow = {
  id: string;
  name: string;
  level: string;
  public_id: string;
  secret_hash: Buffer;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  grace_until: Date | null;
};

/** What the API shows. */
export type ApiKeyRecord = {
  id: string;
  name: string;
  description: string | null;
  level: string;
  public_id: string;
  scopes: string[];
  status: 'active' | 'grace' | 'expired' | 'revoked';
  expires_at: Date | null;
  revoked_at: Date | null;
  rotated_from: string | null;
  grace_until: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  use_count: string;
  created_at: Date;
  updated_at: Date;
};

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

const STATUS_SQL = `CASE
    WHEN k.revoked_at IS NOT NULL AND k.revoked_at <= now() THEN 'revoked'
    WHEN k.grace_until IS NOT NULL AND k.grace_until <= now() THEN 'revoked'
    WHEN k.expires_at IS NOT NULL AND k.expires_at <= now() THEN 'expired'
    WHEN k.grace_until IS NOT NULL THEN 'grace'
    ELSE 'active' END`;

const RECORD_COLUMNS = `k.id, k.name, k.description, k.level, k.public_id, k.scopes, ${STATUS_SQL} AS status,
  k.expires_at, k.revoked_at, k.rotated_from, k.grace_until, k.last_used_at, host(k.last_used_ip) AS last_used_ip,
  k.use_count, k.created_at, k.updated_at`;

const AUTH_COLUMNS = 'id, name, level, public_id, secret_hash, scopes, expires_at, revoked_at, grace_until';

const listTable: ListTable = {
  from: 'api_keys k',
  columns: RECORD_COLUMNS,
  idColumn: 'k.id',
  search: ilikeSearch('k.name', 'k.description', 'k.public_id'),
  filters: {
    level: filterSql.equals('k.level'),
    scope: (value: never, params) => `${params.add(value)} = ANY(k.scopes)`,
    status: (value: never, params) => `(${STATUS_SQL}) = ${params.add(value)}`,
  },
  sortColumns: {
    name: 'k.name',
    created_at: 'k.created_at',
    last_used_at: 'k.last_used_at',
    expires_at: 'k.expires_at',
    use_count: 'k.use_count',
  },
};

export function listApiKeys(db: Queryable, query: ListQuery) {
  return listRows<ApiKeyRecord>(db, listTable, query);
}

export async function findByPublicId(db: Queryable, publicId: string): Promise<ApiKeyRow | undefined> {
  const result = await db.query<ApiKeyRow>(`SELECT ${AUTH_COLUMNS} FROM api_keys WHERE public_id = $1`, [publicId]);
  return result.rows[0];
}

export async function getApiKey(db: Queryable, id: string, forUpdate = false): Promise<ApiKeyRecord | undefined> {
  const result = await db.query<ApiKeyRecord>(
    `SELECT ${RECORD_COLUMNS} FROM api_keys k WHERE k.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function insertApiKey(
  db: Queryable,
  key: {
    name: string;
    description?: string | null;
    level: string;
    publicId: string;
    secretHash: Buffer;
    scopes: string[];
    expiresAt: Date | null;
    rotatedFrom?: string | null;
    createdBy?: string | null;
  },
): Promise<ApiKeyRecord> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO api_keys (name, description, level, public_id, secret_hash, scopes, expires_at, rotated_from, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      key.name,
      key.description ?? null,
      key.level,
      key.publicId,
      key.secretHash,
      key.scopes,
      key.expiresAt,
      key.rotatedFrom ?? null,
      key.createdBy ?? null,
    ],
  );
  return (await getApiKey(db, result.rows[0]!.id))!;
}

export async function updateApiKey(
  db: Queryable,
  id: string,
  fields: { name: string; description: string | null; scopes: string[]; expiresAt: Date | null },
): Promise<ApiKeyRecord | undefined> {
  const result = await db.query(
    `UPDATE api_keys SET name = $2, description = $3, scopes = $4, expires_at = $5 WHERE id = $1`,
    [id, fields.name, fields.description, fields.scopes, fields.expiresAt],
  );
  return result.rowCount ? getApiKey(db, id) : undefined;
}

export async function setRevoked(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [id]);
}

export async function setGraceUntil(db: Queryable, id: string, until: Date): Promise<void> {
  await db.query('UPDATE api_keys SET grace_until = $2 WHERE id = $1', [id, until]);
}

export async function deleteApiKey(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM api_keys WHERE id = $1', [id]);
}
