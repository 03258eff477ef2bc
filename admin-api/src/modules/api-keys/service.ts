// API keys: create (the key string is returned once), verify, update, rotate with a grace
// period, revoke, delete. Every change is written together with its audit row in one
// transaction. Verification answers the same 401 for "no such key" and "wrong secret" so a
// caller cannot probe which public ids exist.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { conflict, notFound, unauthorized } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { generateApiKey, maskKey, parseApiKey, sameHash, type KeyLevel } from './key-format.ts';
import * as repo from './repo.ts';
import type { ApiKeyRecord, ApiKeyRow } from './repo.ts';
import type { ApiKeyDto, CreateApiKeyInput, UpdateApiKeyInput } from './schemas.ts';
import type { Scope } from './scopes.ts';
import type { ApiKeyCache } from './verified-cache.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(record: ApiKeyRecord): ApiKeyDto {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    level: record.level as KeyLevel,
    prefix: maskKey(record.public_id, record.level as KeyLevel),
    scopes: record.scopes as Scope[],
    status: record.status,
    expires_at: iso(record.expires_at),
    revoked_at: iso(record.revoked_at),
    rotated_from: record.rotated_from,
    grace_until: iso(record.grace_until),
    last_used_at: iso(record.last_used_at),
    last_used_ip: record.last_used_ip,
    use_count: Number(record.use_count),
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}

/** The audited view of a key: never the hash. */
const auditView = (dto: ApiKeyDto) => ({
  name: dto.name,
  description: dto.description,
  level: dto.level,
  scopes: dto.scopes,
  expires_at: dto.expires_at,
  revoked_at: dto.revoked_at,
  grace_until: dto.grace_until,
});

const riskOf = (scopes: readonly string[]) => (scopes.includes('admin') ? 50 : 20);

export type CreatedApiKey = { row: ApiKeyRecord; key: string };

const systemActor: AuditActor = { actorType: 'system', actorId: 'cli', actorLabel: 'command line' };

/** Creates a key and its audit row in one transaction; the key string is returned once. */
export async function createApiKey(
  pool: pg.Pool,
  input: {
    name: string;
    description?: string | null;
    scopes: Scope[];
    level?: KeyLevel;
    expiresAt?: Date | null;
    createdBy?: string | null;
  },
  actor: AuditActor = systemActor,
): Promise<CreatedApiKey> {
  const generated = generateApiKey(input.level ?? 'standard');
  const row = await withTransaction(pool, async (client) => {
    const inserted = await repo.insertApiKey(client, {
      name: input.name,
      description: input.description ?? null,
      level: generated.level,
      publicId: generated.publicId,
      secretHash: generated.secretHash,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy ?? null,
    });
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: inserted.id,
      action: 'create',
      newValue: auditView(toDto(inserted)),
      riskScore: riskOf(input.scopes),
    });
    return inserted;
  });
  return { row, key: generated.key };
}

export async function createFromRequest(
  pool: pg.Pool,
  body: CreateApiKeyInput,
  actor: AuditActor,
  createdBy: string | null,
) {
  const { row, key } = await createApiKey(
    pool,
    {
      name: body.name,
      description: body.description ?? null,
      scopes: body.scopes,
      level: body.level,
      expiresAt: body.expires_at ? new Date(body.expires_at) : null,
      createdBy,
    },
    actor,
  );
  return { ...toDto(row), key };
}

export async function getOrThrow(db: pg.Pool | pg.ClientBase, id: string, forUpdate = false): Promise<ApiKeyRecord> {
  const record = await repo.getApiKey(db, id, forUpdate);
  if (!record) throw notFound(`no API key with id ${id}`);
  return record;
}

export async function update(
  pool: pg.Pool,
  id: string,
  body: UpdateApiKeyInput,
  actor: AuditActor,
): Promise<ApiKeyDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    const after = toDto(
      (await repo.updateApiKey(client, id, {
        name: body.name,
        description: body.description ?? null,
        scopes: body.scopes,
        expiresAt: body.expires_at ? new Date(body.expires_at) : null,
      }))!,
    );
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: riskOf(body.scopes),
    });
    return after;
  });
}

export async function revoke(pool: pg.Pool, id: string, actor: AuditActor): Promise<ApiKeyDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.setRevoked(client, id);
    const after = toDto((await repo.getApiKey(client, id))!);
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: id,
      action: 'revoke',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: 30,
    });
    return after;
  });
}

/**
 * Rotation: a new key with the same name, scopes and expiry replaces the old one; the old
 * key keeps working for `graceHours` (0 = refused at once) so clients can switch over.
 */
export async function rotate(
  pool: pg.Pool,
  id: string,
  graceHours: number,
  actor: AuditActor,
  createdBy: string | null,
) {
  return withTransaction(pool, async (client) => {
    const old = await getOrThrow(client, id, true);
    if (old.status !== 'active') throw conflict(`API key ${id} is ${old.status} and cannot be rotated`);
    const generated = generateApiKey(old.level as KeyLevel);
    const fresh = await repo.insertApiKey(client, {
      name: old.name,
      description: old.description,
      level: old.level,
      publicId: generated.publicId,
      secretHash: generated.secretHash,
      scopes: old.scopes,
      expiresAt: old.expires_at,
      rotatedFrom: old.id,
      createdBy,
    });
    await repo.setGraceUntil(client, old.id, new Date(Date.now() + graceHours * 3_600_000));
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: old.id,
      action: 'rotate',
      newValue: { replaced_by: fresh.id, grace_hours: graceHours },
      riskScore: riskOf(old.scopes),
    });
    return { ...toDto(fresh), key: generated.key };
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<ApiKeyDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteApiKey(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'api_key',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      riskScore: 30,
    });
    return before;
  });
}

/** Returns the key row for a valid, active key; throws a 401 problem otherwise. */
export async function verifyApiKey(
  db: pg.Pool,
  presented: string,
  cache?: ApiKeyCache,
  now = new Date(),
): Promise<ApiKeyRow> {
  const parsed = parseApiKey(presented);
  if (!parsed) throw unauthorized('the API key is malformed (check that it was copied completely)');
  let row = cache?.get(parsed.publicId);
  if (!row) {
    const generation = cache?.generation() ?? 0;
    row = await repo.findByPublicId(db, parsed.publicId);
    if (row) cache?.store(parsed.publicId, row, generation);
  }
  if (!row || row.level !== parsed.level || !sameHash(row.secret_hash, parsed.secretHash)) {
    throw unauthorized('the API key is not valid');
  }
  if (row.revoked_at && row.revoked_at <= now) throw unauthorized('the API key has been revoked');
  if (row.expires_at && row.expires_at <= now) throw unauthorized('the API key has expired');
  if (row.grace_until && row.grace_until <= now)
    throw unauthorized('the API key was rotated and its grace period has ended');
  return row;
}
