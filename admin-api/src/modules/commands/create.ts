// Creating a command inside the caller's transaction: whitelist check, insert, `command.created`
// message, audit. Shared by every way a command comes into being (API, calendar entries,
// rules, Telegram); the command queue itself (claim, complete, fail) lives next to it.
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { HttpProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { check } from '../whitelists/service.ts';

export type NewCommand = {
  system: string;
  action: string;
  params: Record<string, unknown>;
  source: string;
  sourceEventId?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
};

export type CommandRecord = {
  id: string;
  system: string;
  action: string;
  params: Record<string, unknown>;
  status: string;
  source: string;
  source_event_id: string | null;
  created_at: Date;
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

export async function createCommand(client: pg.ClientBase, input: NewCommand, actor: AuditActor) {
  const system = input.system.toUpperCase();
  const action = input.action.toUpperCase();
  const verdict = await check(client, system, action, input.params);
  if (!verdict.allowed) throw new CommandRefused(verdict.reason ?? 'not allowed', verdict.errors);
  const inserted = await client.query<CommandRecord>(
    `INSERT INTO commands (system, action, params, source, source_event_id, idempotency_key, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id, system, action, params, status, source, source_event_id, created_at`,
    [
      system,
      action,
      JSON.stringify(input.params),
      input.source,
      input.sourceEventId ?? null,
      input.idempotencyKey ?? null,
      input.createdBy ?? null,
    ],
  );
  const command = inserted.rows[0]!;
  const data = { ...command, created_at: command.created_at.toISOString() };
  await emitEvent(client, { type: 'command.created', entity: { kind: 'command', id: command.id }, data });
  await appendAudit(client, {
    ...actor,
    entity: 'command',
    entityId: command.id,
    action: 'create',
    newValue: { system, action, params: input.params, source: input.source },
  });
  return data;
}
