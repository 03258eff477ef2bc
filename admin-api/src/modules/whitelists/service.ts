// Whitelist entries: CRUD (each change audited in its transaction) and the check used by
// commands, rules and the /check endpoint.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { checkParams } from './param-check.ts';
import * as repo from './repo.ts';
import type { WhitelistRow } from './repo.ts';
import type { WhitelistDto, WhitelistInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: WhitelistRow): WhitelistDto {
  return {
    id: row.id,
    system: row.system,
    action: row.action,
    params: row.params,
    description: row.description,
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view of an entry (its content). */
export const auditView = (w: Pick<WhitelistDto, 'system' | 'action' | 'params' | 'description' | 'enabled'>) => ({
  system: w.system,
  action: w.action,
  params: w.params,
  description: w.description,
  enabled: w.enabled,
});

export function duplicate(error: unknown, input: { system: string; action: string }): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'whitelists_system_action_key')
    throw new HttpProblem(409, 'Conflict', {
      detail: `${input.system}/${input.action} is already whitelisted`,
      errors: { action: `${input.system}/${input.action} is already whitelisted` },
    });
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<WhitelistRow> {
  const row = await repo.getWhitelist(db, id, forUpdate);
  if (!row) throw notFound(`no whitelist entry with id ${id}`);
  return row;
}

export async function create(pool: pg.Pool, input: WhitelistInput, actor: AuditActor): Promise<WhitelistDto> {
  return withTransaction(pool, async (client) => {
    const id = await repo.insertWhitelist(client, input).catch((e: unknown) => duplicate(e, input));
    const created = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'whitelist',
      entityId: id,
      action: 'create',
      newValue: auditView(created),
      riskScore: 30,
    });
    return created;
  });
}

export async function update(
  pool: pg.Pool,
  id: string,
  input: WhitelistInput,
  actor: AuditActor,
): Promise<WhitelistDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.updateWhitelist(client, id, input).catch((e: unknown) => duplicate(e, input));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'whitelist',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: 30,
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<WhitelistDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteWhitelist(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'whitelist',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      riskScore: 20,
    });
    return before;
  });
}

export type CheckResult = { allowed: boolean; reason?: string; errors: Record<string, string> };

/** Whether a command (system, action, params) may be created. System/action must be UPPER_SNAKE. */
export async function check(db: Db, system: string, action: string, params: unknown): Promise<CheckResult> {
  const entry = await repo.findEntry(db, system, action);
  if (!entry) return { allowed: false, reason: `${system}/${action} is not whitelisted`, errors: {} };
  if (!entry.enabled) return { allowed: false, reason: `${system}/${action} is whitelisted but disabled`, errors: {} };
  const errors = checkParams(entry.params, params);
  const bad = Object.keys(errors);
  return bad.length
    ? { allowed: false, reason: `params do not type-check: ${bad.join(', ')}`, errors }
    : { allowed: true, errors: {} };
}
