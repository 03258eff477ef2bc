// Sub-tasks: an event's checklist. Every change runs in one transaction that
//   1. locks the event row (loadEvent … FOR UPDATE), so concurrent changes of one checklist
//      serialise and positions are computed from what the previous change committed,
//   2. writes,
//   3. emits event.updated with the event as it is now (its progress included),
//   4. appends the audit row, last (audit_append holds the audit lock until commit).
// Answers carry the changed sub-task(s) and the event's new progress. Ticking a ticked (or
// unticking an unticked) sub-task changes nothing: it answers the current state and writes,
// emits and audits nothing.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, conflict, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { loadEvent } from '../events/record.ts';
import { emitEvent } from '../outbox/emit.ts';
import * as repo from './repo.ts';
import type { SubTaskRow } from './repo.ts';
import {
  MAX_SUB_TASKS,
  type Progress,
  type SubTaskCreateInput,
  type SubTaskDto,
  type SubTaskUpdateInput,
} from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;
type Change = { sub_task: SubTaskDto; progress: Progress };
type Changes = { sub_tasks: SubTaskDto[]; progress: Progress };
type Audit = { entityId: string; action: string; oldValue?: unknown; newValue?: unknown };

export function toDto(row: SubTaskRow): SubTaskDto {
  return {
    id: row.id,
    event_id: row.event_id,
    position: row.position,
    text: row.text,
    notes: row.notes,
    completed: row.completed,
    completed_at: row.completed_at ? row.completed_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view: the content and place, not the bookkeeping dates. */
const auditView = (row: SubTaskRow) => ({
  event_id: row.event_id,
  position: row.position,
  text: row.text,
  notes: row.notes,
  completed: row.completed,
});

async function eventOrThrow(db: Db, eventId: string, forUpdate = false) {
  const event = await loadEvent(db, eventId, forUpdate);
  if (!event) throw notFound(`no event with id ${eventId}`);
  return event;
}

async function subTaskOrThrow(db: Db, eventId: string, id: string): Promise<SubTaskRow> {
  const row = await repo.getSubTask(db, eventId, id);
  if (!row) throw notFound(`event ${eventId} has no sub-task with id ${id}`);
  return row;
}

/**
 * Runs `work` on the locked checklist of `eventId`. When it reports a change (`audit`), emits
 * event.updated with the event after the change and audits it; answers `work`'s value with
 * the event's progress.
 */
async function changeChecklist<T>(
  pool: pg.Pool,
  eventId: string,
  actor: AuditActor,
  work: (client: pg.PoolClient) => Promise<{ value: T; audit?: Audit }>,
): Promise<{ value: T; progress: Progress }> {
  return withTransaction(pool, async (client) => {
    const before = await eventOrThrow(client, eventId, true);
    const { value, audit } = await work(client);
    if (!audit) return { value, progress: before.progress };
    const after = await eventOrThrow(client, eventId);
    await emitEvent(client, { type: 'event.updated', entity: { kind: 'event', id: eventId }, data: after });
    await appendAudit(client, { ...actor, entity: 'sub_task', ...audit, details: { event_id: eventId } });
    return { value, progress: after.progress };
  });
}

const single = ({ value, progress }: { value: SubTaskRow; progress: Progress }): Change => ({
  sub_task: toDto(value),
  progress,
});

export async function list(pool: pg.Pool, eventId: string): Promise<SubTaskDto[]> {
  await eventOrThrow(pool, eventId);
  return (await repo.listSubTasks(pool, eventId)).map(toDto);
}

export async function create(
  pool: pg.Pool,
  eventId: string,
  input: SubTaskCreateInput,
  actor: AuditActor,
): Promise<Change> {
  const result = await changeChecklist(pool, eventId, actor, async (client) => {
    const count = await repo.countSubTasks(client, eventId);
    if (count >= MAX_SUB_TASKS)
      throw conflict(`the checklist is full: an event has at most ${MAX_SUB_TASKS} sub-tasks`);
    if (input.position !== null && input.position > count)
      throw badRequest(`position: must be between 0 and ${count} (the number of sub-tasks)`, {
        position: `must be between 0 and ${count} (the number of sub-tasks)`,
      });
    const row = await repo.insertSubTask(client, eventId, input.position ?? count, input);
    return { value: row, audit: { entityId: row.id, action: 'create', newValue: auditView(row) } };
  });
  return single(result);
}

export async function update(
  pool: pg.Pool,
  eventId: string,
  id: string,
  input: SubTaskUpdateInput,
  actor: AuditActor,
): Promise<Change> {
  const result = await changeChecklist(pool, eventId, actor, async (client) => {
    const before = await subTaskOrThrow(client, eventId, id);
    const row = await repo.updateSubTask(client, id, input);
    return {
      value: row,
      audit: { entityId: id, action: 'update', oldValue: auditView(before), newValue: auditView(row) },
    };
  });
  return single(result);
}

export async function setCompleted(
  pool: pg.Pool,
  eventId: string,
  id: string,
  completed: boolean,
  actor: AuditActor,
): Promise<Change> {
  const result = await changeChecklist(pool, eventId, actor, async (client) => {
    const before = await subTaskOrThrow(client, eventId, id);
    if (before.completed === completed) return { value: before };
    const row = await repo.setCompleted(client, id, completed);
    const action = completed ? 'tick' : 'untick';
    return { value: row, audit: { entityId: id, action, oldValue: auditView(before), newValue: auditView(row) } };
  });
  return single(result);
}

/** Deletes a sub-task (answering it as it was); the ones after it move up one place. */
export async function remove(pool: pg.Pool, eventId: string, id: string, actor: AuditActor): Promise<Change> {
  const result = await changeChecklist(pool, eventId, actor, async (client) => {
    const before = await subTaskOrThrow(client, eventId, id);
    await repo.deleteSubTask(client, before);
    return { value: before, audit: { entityId: id, action: 'delete', oldValue: auditView(before) } };
  });
  return single(result);
}

/** Why `ids` is not exactly the event's sub-task ids, each once; undefined when it is. */
function reorderMismatch(current: string[], ids: string[]) {
  const known = new Set(current);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknown: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
    if (!known.has(id)) unknown.push(id);
  }
  const missing = current.filter((id) => !seen.has(id));
  if (!missing.length && !unknown.length && !duplicates.size) return undefined;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unknown.length ? `not sub-tasks of this event: ${unknown.join(', ')}` : '',
    duplicates.size ? `listed more than once: ${[...duplicates].join(', ')}` : '',
  ].filter(Boolean);
  return {
    message: `must list each of the event's ${current.length} sub-task ids exactly once (${parts.join('; ')})`,
    missing,
    unknown,
    duplicates: [...duplicates],
  };
}

/** Sets the complete new order in one UPDATE (see repo.reorderSubTasks). */
export async function reorder(pool: pg.Pool, eventId: string, ids: string[], actor: AuditActor): Promise<Changes> {
  const { value, progress } = await changeChecklist(pool, eventId, actor, async (client) => {
    const current = (await repo.listSubTasks(client, eventId)).map((r) => r.id);
    const mismatch = reorderMismatch(current, ids);
    if (mismatch) {
      const { message, ...extensions } = mismatch;
      throw new HttpProblem(400, 'Bad Request', { detail: `ids: ${message}`, errors: { ids: message }, extensions });
    }
    const unchanged = current.every((id, i) => ids[i] === id);
    if (!unchanged) await repo.reorderSubTasks(client, eventId, ids);
    const rows = await repo.listSubTasks(client, eventId);
    return {
      value: rows,
      audit: unchanged
        ? undefined
        : { entityId: eventId, action: 'reorder', oldValue: { ids: current }, newValue: { ids } },
    };
  });
  return { sub_tasks: value.map(toDto), progress };
}
