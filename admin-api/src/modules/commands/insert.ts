// The first half of creating a command, shared by createCommand (create.ts) and the rules
// engine (rules/fire.ts): whitelist check, insert, `command.created` message. It appends no
// audit row and fires no rules — the callers do both, audit rows last in their transaction
// (audit_append holds the chain lock until COMMIT).
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { AuditEntry } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { check } from '../whitelists/service.ts';
import { toCommandDto } from './record.ts';
import * as repo from './repo.ts';
import type { CommandDto } from './schemas.ts';

export type NewCommand = {
  system: string;
  action: string;
  params: Record<string, unknown>;
  source: string;
  sourceEventId?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
  maxRetries?: number;
  timeoutSeconds?: number;
  deliveryMode?: 'poll' | 'push';
  /** Rule chains: the command whose status change fired `ruleId`. */
  parentCommandId?: string | null;
  ruleId?: string | null;
  chainDepth?: number;
};

/** Refused by the whitelist: 422 with the reason and the params' field errors. */
export class CommandRefused extends HttpProblem {
  constructor(reason: string, errors: Record<string, string>) {
    super(422, 'Unprocessable Content', {
      detail: `command refused: ${reason}`,
      errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [`params.${k}`, v])),
    });
  }
}

/** Throws CommandRefused unless (system, action, params) is an enabled whitelist entry's. */
export async function assertWhitelisted(
  client: pg.ClientBase,
  system: string,
  action: string,
  params: unknown,
): Promise<void> {
  const verdict = await check(client, system, action, params);
  if (!verdict.allowed) throw new CommandRefused(verdict.reason ?? 'not allowed', verdict.errors);
}

export type Inserted = { command: CommandDto; audit: AuditEntry };

/** Checks and inserts; undefined when `idempotencyKey` already names a command. */
export async function insertNewCommand(
  client: pg.ClientBase,
  input: NewCommand,
  actor: AuditActor,
): Promise<Inserted | undefined> {
  const system = input.system.toUpperCase();
  const action = input.action.toUpperCase();
  await assertWhitelisted(client, system, action, input.params);
  const row = await repo.insertCommand(client, {
    system,
    action,
    params: input.params,
    source: input.source,
    sourceEventId: input.sourceEventId ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    createdBy: input.createdBy ?? null,
    maxRetries: input.maxRetries ?? 3,
    timeoutSeconds: input.timeoutSeconds ?? 300,
    deliveryMode: input.deliveryMode ?? 'poll',
    parentCommandId: input.parentCommandId ?? null,
    ruleId: input.ruleId ?? null,
    chainDepth: input.chainDepth ?? 0,
  });
  if (!row) return undefined;
  const command = toCommandDto(row);
  // Push delivery is exactly this message: a subscription for command.created (and
  // command.pending, for retries and resends) carries the command to its target.
  await emitEvent(client, { type: 'command.created', entity: { kind: 'command', id: command.id }, data: command });
  const audit: AuditEntry = {
    ...actor,
    entity: 'command',
    entityId: command.id,
    action: 'create',
    newValue: {
      system,
      action,
      params: command.params,
      source: command.source,
      delivery_mode: command.delivery_mode,
      max_retries: command.max_retries,
      timeout_seconds: command.timeout_seconds,
      idempotency_key: command.idempotency_key,
      source_event_id: command.source_event_id,
      parent_command_id: command.parent_command_id,
      rule_id: command.rule_id,
      chain_depth: command.chain_depth,
    },
  };
  return { command, audit };
}
