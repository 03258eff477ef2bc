// Rules: CRUD, each change audited in its transaction. A rule is checked against the
// whitelists when saved — both its trigger and its follow-up must be enabled whitelist
// entries and params_template must fit the follow-up's params — so a rule that could never
// fire, or would create refused commands, is a 400 at the form instead of a silent no-op.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { findEntry } from '../whitelists/repo.ts';
import { paramsTemplateErrors } from './params-template.ts';
import * as repo from './repo.ts';
import type { RuleRow } from './repo.ts';
import type { RuleDto, RuleInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: RuleRow): RuleDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    trigger_system: row.trigger_system,
    trigger_action: row.trigger_action,
    trigger_status: row.trigger_status as RuleDto['trigger_status'],
    follow_system: row.follow_system,
    follow_action: row.follow_action,
    params_template: row.params_template,
    enabled: row.enabled,
    max_depth: row.max_depth,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const auditView = ({ id: _i, created_at: _c, updated_at: _u, ...content }: RuleDto) => content;

/** Throws a 400 naming every field that does not fit the whitelists. */
export async function validateAgainstWhitelists(db: Db, rule: RuleInput): Promise<void> {
  const errors: Record<string, string> = {};
  const trigger = await findEntry(db, rule.trigger_system, rule.trigger_action);
  if (!trigger || !trigger.enabled)
    errors.trigger_action = `${rule.trigger_system}/${rule.trigger_action} is not ${trigger ? 'enabled in the whitelist' : 'whitelisted'}`;
  const follow = await findEntry(db, rule.follow_system, rule.follow_action);
  if (!follow || !follow.enabled)
    errors.follow_action = `${rule.follow_system}/${rule.follow_action} is not ${follow ? 'enabled in the whitelist' : 'whitelisted'}`;
  else Object.assign(errors, paramsTemplateErrors(rule.params_template, follow.params));
  const fields = Object.keys(errors);
  if (fields.length)
    throw badRequest(
      fields.length === 1 ? `${fields[0]}: ${errors[fields[0]!]}` : `${fields.length} fields are invalid`,
      errors,
    );
}

function nameTaken(error: unknown, name: string): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'rules_name_key')
    throw new HttpProblem(409, 'Conflict', {
      detail: `a rule named "${name}" already exists`,
      errors: { name: 'is already used by another rule' },
    });
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<RuleRow> {
  const row = await repo.getRule(db, id, forUpdate);
  if (!row) throw notFound(`no rule with id ${id}`);
  return row;
}

export async function create(pool: pg.Pool, input: RuleInput, actor: AuditActor): Promise<RuleDto> {
  return withTransaction(pool, async (client) => {
    await validateAgainstWhitelists(client, input);
    const id = await repo.insertRule(client, input).catch((e: unknown) => nameTaken(e, input.name));
    const created = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'rule',
      entityId: id,
      action: 'create',
      newValue: auditView(created),
      riskScore: 20,
    });
    return created;
  });
}

export async function update(pool: pg.Pool, id: string, input: RuleInput, actor: AuditActor): Promise<RuleDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await validateAgainstWhitelists(client, input);
    await repo.updateRule(client, id, input).catch((e: unknown) => nameTaken(e, input.name));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'rule',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: 20,
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<RuleDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteRule(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'rule',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      riskScore: 20,
    });
    return before;
  });
}
