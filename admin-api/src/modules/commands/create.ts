// Creating a command inside the caller's transaction: whitelist check, insert, `command.created`
// message, the rules for PENDING, audit. Shared by every way a command comes into being (API,
// calendar entries, Telegram); rules create their follow-ups through the same insert
// (insert.ts). The queue itself (claim, complete, fail) is service.ts.
//
// Idempotency: a key already used returns that command (replayed) when system, action and
// params are the same, and is a 409 otherwise. The key is unique in the table and the insert
// is ON CONFLICT DO NOTHING, so concurrent creates with one key wait for the first and then
// replay it: one row, whatever the timing.
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { HttpProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { fireRules } from '../rules/fire.ts';
import { insertNewCommand, type NewCommand } from './insert.ts';
import { toCommandDto, type CommandRow } from './record.ts';
import * as repo from './repo.ts';
import type { CommandDto } from './schemas.ts';

export { CommandRefused, type NewCommand } from './insert.ts';

export type Created = { command: CommandDto; replayed: boolean };

function replay(existing: CommandRow, input: NewCommand): Created {
  const same =
    existing.system === input.system.toUpperCase() &&
    existing.action === input.action.toUpperCase() &&
    isDeepStrictEqual(existing.params, input.params);
  if (!same)
    throw new HttpProblem(409, 'Conflict', {
      detail: `idempotency key "${existing.idempotency_key}" was already used for a different command`,
      errors: { idempotency_key: `was already used for ${existing.system}/${existing.action} with other params` },
      extensions: { command_id: existing.id },
    });
  return { command: toCommandDto(existing), replayed: true };
}

/** Creates the command, or replays the one created earlier with the same idempotency key. */
export async function createOrReplay(client: pg.ClientBase, input: NewCommand, actor: AuditActor): Promise<Created> {
  const key = input.idempotencyKey ?? null;
  if (key) {
    const existing = await repo.findByIdempotencyKey(client, key);
    if (existing) return replay(existing, input);
  }
  const inserted = await insertNewCommand(client, input, actor);
  if (!inserted) {
    // A concurrent create with this key committed first (the insert waited for it).
    const existing = await repo.findByIdempotencyKey(client, key!);
    if (!existing) throw new Error(`idempotency key ${key} is taken but its command is not visible`);
    return replay(existing, input);
  }
  const rules = await fireRules(client, inserted.command, inserted.command.status, actor);
  for (const entry of [inserted.audit, ...rules.audits]) await appendAudit(client, entry);
  return { command: inserted.command, replayed: false };
}

export async function createCommand(client: pg.ClientBase, input: NewCommand, actor: AuditActor): Promise<CommandDto> {
  return (await createOrReplay(client, input, actor)).command;
}
