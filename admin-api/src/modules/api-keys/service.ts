// Creating and verifying API keys. Verification answers the same 401 for "no such key" and
// "wrong secret" so a caller cannot probe which public ids exist.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import { unauthorized } from '../../http/problem.ts';
import { appendAudit, type ActorType } from '../audit/repo.ts';
import { generateApiKey, parseApiKey, sameHash, type KeyLevel } from './key-format.ts';
import { findByPublicId, insertApiKey, type ApiKeyRow } from './repo.ts';
import type { Scope } from './scopes.ts';

export type CreatedApiKey = { row: ApiKeyRow; key: string };

export type Actor = { actorType: ActorType; actorId: string | null; actorLabel?: string | null; ip?: string | null };

/** Creates a key and its audit row in one transaction; the key string is returned once. */
export async function createApiKey(
  pool: pg.Pool,
  input: { name: string; scopes: Scope[]; level?: KeyLevel; expiresAt?: Date | null },
  actor: Actor = { actorType: 'system', actorId: 'cli', actorLabel: 'command line' },
): Promise<CreatedApiKey> {
  const generated = generateApiKey(input.level ?? 'standard');
  const row = await withTransaction(pool, async (client) => {
    const inserted = await insertApiKey(client, {
      name: input.name,
      level: generated.level,
      publicId: generated.publicId,
      secretHash: generated.secretHash,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
    });
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: inserted.id,
      action: 'create',
      newValue: {
        name: inserted.name,
        level: inserted.level,
        scopes: inserted.scopes,
        expires_at: inserted.expires_at,
      },
      riskScore: input.scopes.includes('admin') ? 50 : 20,
    });
    return inserted;
  });
  return { row, key: generated.key };
}

/** Returns the key row for a valid, active key; throws a 401 problem otherwise. */
export async function verifyApiKey(db: pg.Pool, presented: string, now = new Date()): Promise<ApiKeyRow> {
  const parsed = parseApiKey(presented);
  if (!parsed) throw unauthorized('the API key is malformed (check that it was copied completely)');
  const row = await findByPublicId(db, parsed.publicId);
  if (!row || row.level !== parsed.level || !sameHash(row.secret_hash, parsed.secretHash)) {
    throw unauthorized('the API key is not valid');
  }
  if (row.revoked_at && row.revoked_at <= now) throw unauthorized('the API key has been revoked');
  if (row.expires_at && row.expires_at <= now) throw unauthorized('the API key has expired');
  if (row.grace_until && row.grace_until <= now)
    throw unauthorized('the API key was rotated and its grace period has ended');
  return row;
}
