// SQL for API keys. Parameterised queries only; the secret itself never reaches this layer,
// only its hash.
import type pg from 'pg';

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

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export async function findByPublicId(db: Queryable, publicId: string): Promise<ApiKeyRow | undefined> {
  const result = await db.query<ApiKeyRow>(
    `SELECT id, name, level, public_id, secret_hash, scopes, expires_at, revoked_at, grace_until
       FROM api_keys WHERE public_id = $1`,
    [publicId],
  );
  return result.rows[0];
}

export async function insertApiKey(
  db: Queryable,
  key: { name: string; level: string; publicId: string; secretHash: Buffer; scopes: string[]; expiresAt: Date | null },
): Promise<ApiKeyRow> {
  const result = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (name, level, public_id, secret_hash, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, name, level, public_id, secret_hash, scopes, expires_at, revoked_at, grace_until`,
    [key.name, key.level, key.publicId, key.secretHash, key.scopes, key.expiresAt],
  );
  return result.rows[0]!;
}

export async function recordUse(db: Queryable, id: string, ip: string | undefined): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now(), use_count = use_count + 1, last_used_ip = $2 WHERE id = $1`,
    [id, ip ?? null],
  );
}
