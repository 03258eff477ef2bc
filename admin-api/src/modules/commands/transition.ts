// One status change of a command, inside the caller's transaction: the update, the
// `command.<status>` message with the record as data, the status hooks of its system
// (hooks.ts), the rules for the new status, and the audit rows — returned, so the caller
// appends them last (audit_append holds the chain lock until COMMIT).
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit, type AuditEntry } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { fireRules, type RulesOutcome } from '../rules/fire.ts';
import { runStatusHooks } from './hooks.ts';
import { toCommandDto, type CommandRow } from './record.ts';
import * as repo from './repo.ts';
import type { CommandDto } from './schemas.ts';

export type Changed = { command: CommandDto; rules: RulesOutcome; audits: AuditEntry[] };

const snapshot = (c: Pick<CommandRow, 'status' | 'attempts' | 'last_error' | 'claimed_by'> & { result: unknown }) => ({
  status: c.status,
  attempts: c.attempts,
  last_error: c.last_error,
  claimed_by: c.claimed_by,
  result: c.result ?? null,
});

/** What the audit row says about a change. */
export type AuditNote = { action: string; details?: Record<string, unknown>; riskScore?: number };

/** Announces and runs the rules for a row whose status was already changed (`before` → `after`). */
export async function afterStatusChange(
  client: pg.ClientBase,
  before: CommandRow | undefined,
  after: CommandRow,
  actor: AuditActor,
  note: AuditNote,
): Promise<Changed> {
  const command = toCommandDto(after);
  await emitEvent(client, {
    type: `command.${command.status.toLowerCase()}`,
    entity: { kind: 'command', id: command.id },
    data: command,
  });
  await runStatusHooks(client, command);
  const rules = await fireRules(client, command, command.status, actor);
  const audit: AuditEntry = {
    ...actor,
    entity: 'command',
    entityId: command.id,
    action: note.action,
    ...(before ? { oldValue: snapshot(before) } : {}),
    newValue: snapshot(after),
    riskScore: note.riskScore ?? 0,
    ...(note.details ? { details: note.details } : {}),
  };
  return { command, rules, audits: [audit, ...rules.audits] };
}

export async function changeStatus(
  client: pg.ClientBase,
  before: CommandRow,
  change: repo.StatusChange,
  actor: AuditActor,
  note: AuditNote,
): Promise<Changed> {
  const after = await repo.updateStatus(client, before.id, change);
  return afterStatusChange(client, before, after, actor, note);
}

export async function appendAll(client: pg.ClientBase, audits: AuditEntry[]): Promise<void> {
  for (const entry of audits) await appendAudit(client, entry);
}
