// Event writes (SPEC 3.1). Each one is a single transaction that
//   1. locks the busy keys (attendees, or the calendar) of the old and new placement (in the
//      round trip that reads the calendar),
//   2. checks conflicts: auto_plan refuses a conflicting placement with 409 + suggestions,
//      free mode writes and reports them in `conflicts[]`,
//   3. writes, carries out an ACTION:/NOTE:/URL: directive, moves auto_plan events that the
//      change displaced when their calendar auto-reschedules,
//   4. emits event.* into the outbox and appends the audit row (last, see audit/repo.ts).
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, conflict, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { applyDirective, planDirective, type DirectivePlan } from './directives.ts';
import { calendarPlanning, findConflicts, suggestFor, type CalendarPlanning, type Proposal } from './planner.ts';
import { loadEvent } from './record.ts';
import * as repo from './repo.ts';
import type { Conflict, EventDto, EventInput, EventWrite, Slot } from './schemas.ts';
import { withEventTransaction } from './transaction.ts';

type Moved = EventWrite['rescheduled'][number];

const AUTO_RESCHEDULE_ACTOR: AuditActor = {
  actorType: 'system',
  actorId: 'auto-reschedule',
  actorLabel: 'automatic rescheduling',
};

/** The audited view of an event: its content, not derived or bookkeeping fields. */
function auditView(dto: EventDto) {
  const { progress: _p, updated_at: _u, created_at: _c, effective_mode: _m, ...content } = dto;
  return content;
}

/** The calendar's planning settings; with `lockKeys`, the busy-key locks taken in the same round trip. */
async function calendarOrFail(client: pg.ClientBase, id: string, lockKeys: string[] = []): Promise<CalendarPlanning> {
  const calendar = await calendarPlanning(client, id, lockKeys);
  if (!calendar) throw badRequest(`there is no calendar ${id}`, { calendar_id: `there is no calendar ${id}` });
  return calendar;
}

/** The writable fields of a stored event (for changes that keep everything else). */
const inputOf = (e: EventDto): EventInput => ({
  calendar_id: e.calendar_id,
  title: e.title,
  description: e.description,
  start_at: new Date(e.start_at),
  end_at: new Date(e.end_at),
  all_day: e.all_day,
  event_type: e.event_type,
  location: e.location,
  attendees: e.attendees,
  tags: e.tags,
  mode: e.mode,
  status: e.status,
  source: e.source,
  external_id: e.external_id,
  reminder_offsets: e.reminder_offsets,
  metadata: e.metadata,
});

const slotOf = (start: Date, end: Date): Slot => ({ start_at: start.toISOString(), end_at: end.toISOString() });

/** 409 for a conflicting auto_plan placement: what it collides with and where it would fit. */
async function refuseConflict(
  client: pg.ClientBase,
  proposal: Proposal,
  calendar: CalendarPlanning,
  conflicts: Conflict[],
  horizonDays?: number,
) {
  const suggestions = await suggestFor(client, proposal, calendar, { horizonDays });
  return conflict(
    `the event collides with ${conflicts.length} other event(s) of the same attendees (auto_plan); ` +
      (suggestions.length ? 'see suggestions for free slots' : 'no free slot was found within the horizon'),
    { conflicts, suggestions },
  );
}

/**
 * Checks a placement and returns the free-mode conflicts (empty in auto_plan, which throws
 * instead). `placementChanged` false (an edit that does not move the event) never refuses.
 */
async function checkPlacement(
  client: pg.ClientBase,
  proposal: Proposal,
  calendar: CalendarPlanning,
  mode: 'free' | 'auto_plan',
  placementChanged: boolean,
) {
  if (mode === 'auto_plan' && placementChanged) {
    const found = await findConflicts(client, proposal, calendar.buffer_minutes * 60_000);
    if (found.length)
      throw await refuseConflict(
        client,
        proposal,
        calendar,
        found.map((f) => f.conflict),
      );
    return [];
  }
  return findConflicts(client, proposal, 0);
}

/**
 * Moves the auto_plan events (of calendars with auto_reschedule) that `cause` now overlaps to
 * their next free slot. Each move is audited and emitted as event.updated.
 */
async function rescheduleDisplaced(
  client: pg.ClientBase,
  cause: { id: string; title: string },
  found: Awaited<ReturnType<typeof findConflicts>>,
): Promise<Moved[]> {
  const moved: Moved[] = [];
  for (const { row } of found) {
    if (row.effective_mode !== 'auto_plan' || !row.auto_reschedule) continue;
    const calendar = await calendarOrFail(client, row.calendar_id, repo.busyKeys(row));
    const proposal: Proposal = { ...row, id: row.id };
    const [slot] = await suggestFor(client, proposal, calendar, { count: 1 });
    if (!slot) continue; // nowhere to go within the horizon: the conflict stays visible
    const before = (await loadEvent(client, row.id, true))!;
    await repo.moveEvent(client, row.id, new Date(slot.start_at), new Date(slot.end_at));
    const after = (await loadEvent(client, row.id))!;
    await emitEvent(client, { type: 'event.updated', entity: { kind: 'event', id: row.id }, data: after });
    await appendAudit(client, {
      ...AUTO_RESCHEDULE_ACTOR,
      entity: 'event',
      entityId: row.id,
      action: 'reschedule',
      oldValue: { start_at: before.start_at, end_at: before.end_at },
      newValue: { start_at: after.start_at, end_at: after.end_at },
      details: { reason: 'displaced', by_event: cause.id, by_title: cause.title },
    });
    moved.push({ id: row.id, title: row.title, from: slotOf(row.start_at, row.end_at), to: slot });
  }
  return moved;
}

type WriteOptions = { templateId?: string | null; afterInsert?: (client: pg.PoolClient, id: string) => Promise<void> };

async function insertWithin(
  client: pg.PoolClient,
  input: EventInput,
  actor: AuditActor,
  options: WriteOptions = {},
): Promise<EventWrite> {
  const directive = await planDirective(client, input);
  const busy = input.status !== 'cancelled' && directive.kind !== 'consume';
  const calendar = await calendarOrFail(client, input.calendar_id, busy ? repo.busyKeys(input) : []);
  const mode = input.mode ?? calendar.default_mode;
  const proposal: Proposal = { id: null, ...input };
  const found = busy ? await checkPlacement(client, proposal, calendar, mode, true) : [];
  const inserted = await repo.insertEvent(client, {
    ...input,
    reminder_offsets: input.reminder_offsets ?? calendar.default_reminder_offsets,
    template_id: options.templateId ?? null,
  });
  const id = inserted.id;
  await options.afterInsert?.(client, id);
  const directiveResult = await settleDirective(client, directive, { id, source: input.source }, actor);
  const rescheduled = await rescheduleDisplaced(client, { id, title: input.title }, found);
  // Sub-tasks added after the insert, or a directive's marks, change what the API shows.
  const changedSince = Boolean(options.afterInsert) || directive.kind !== 'none';
  const dto = changedSince ? (await loadEvent(client, id))! : inserted;
  await emitEvent(client, { type: 'event.created', entity: { kind: 'event', id }, data: dto });
  await appendAudit(client, {
    ...actor,
    entity: 'event',
    entityId: id,
    action: 'create',
    newValue: auditView(dto),
    ...(directiveResult ? { details: { directive: directiveResult } } : {}),
  });
  return { ...dto, conflicts: found.map((f) => f.conflict), rescheduled };
}

async function settleDirective(
  client: pg.ClientBase,
  plan: DirectivePlan,
  event: { id: string; source: string },
  actor: AuditActor,
) {
  if (plan.kind === 'none') return undefined;
  if (plan.kind === 'error') {
    await repo.markDirective(client, event.id, { consumed: false, parseError: plan.message });
    return { error: plan.message };
  }
  const outcome = await applyDirective(client, plan, event, actor);
  await repo.markDirective(client, event.id, { consumed: true, parseError: null });
  return outcome.created;
}

export function createEvent(pool: pg.Pool, input: EventInput, actor: AuditActor, options: WriteOptions = {}) {
  return withEventTransaction(pool, (client) => insertWithin(client, input, actor, options));
}

async function getForUpdate(client: pg.ClientBase, id: string): Promise<EventDto> {
  const event = await loadEvent(client, id, true);
  if (!event) throw notFound(`no event with id ${id}`);
  return event;
}

const samePlacement = (before: EventDto, after: EventInput) =>
  before.calendar_id === after.calendar_id &&
  new Date(before.start_at).getTime() === after.start_at.getTime() &&
  new Date(before.end_at).getTime() === after.end_at.getTime() &&
  before.attendees.length === after.attendees.length &&
  before.attendees.every((a) => after.attendees.includes(a)) &&
  // Completing or cancelling does not move anything; un-cancelling takes time again.
  !(before.status === 'cancelled' && after.status !== 'cancelled');

async function updateWithin(client: pg.PoolClient, id: string, input: EventInput, actor: AuditActor) {
  const before = await getForUpdate(client, id);
  const calendar = await calendarOrFail(client, input.calendar_id, [...repo.busyKeys(before), ...repo.busyKeys(input)]);
  const mode = input.mode ?? calendar.default_mode;
  // A consumed entry stays consumed; an unconsumed one is looked at again (a sync may add one).
  const directive: DirectivePlan = before.consumed_at ? { kind: 'none' } : await planDirective(client, input);
  const busy = input.status !== 'cancelled' && !before.consumed_at && directive.kind !== 'consume';
  const found = busy
    ? await checkPlacement(client, { id, ...input }, calendar, mode, !samePlacement(before, input))
    : [];
  await repo.updateEvent(client, id, {
    ...input,
    reminder_offsets: input.reminder_offsets ?? before.reminder_offsets,
  });
  const directiveResult = await settleDirective(client, directive, { id, source: input.source }, actor);
  const rescheduled = await rescheduleDisplaced(client, { id, title: input.title }, found);
  const after = (await loadEvent(client, id))!;
  const completedNow = before.status !== 'completed' && after.status === 'completed';
  await emitEvent(client, {
    type: completedNow ? 'event.completed' : 'event.updated',
    entity: { kind: 'event', id },
    data: after,
  });
  await appendAudit(client, {
    ...actor,
    entity: 'event',
    entityId: id,
    action: 'update',
    oldValue: auditView(before),
    newValue: auditView(after),
    ...(directiveResult ? { details: { directive: directiveResult } } : {}),
  });
  return { ...after, conflicts: found.map((f) => f.conflict), rescheduled };
}

export function updateEvent(pool: pg.Pool, id: string, input: EventInput, actor: AuditActor): Promise<EventWrite> {
  return withEventTransaction(pool, (client) => updateWithin(client, id, input, actor));
}

/** Calendar sync: insert or update by (source, external_id). */
export function upsertEvent(pool: pg.Pool, input: EventInput, actor: AuditActor) {
  return withEventTransaction(pool, async (client) => {
    const existing = await repo.findBySourceKey(client, input.source, input.external_id!);
    const result = existing
      ? await updateWithin(client, existing, input, actor)
      : await insertWithin(client, input, actor);
    return { ...result, created: !existing };
  });
}

export function deleteEvent(pool: pg.Pool, id: string, actor: AuditActor): Promise<EventDto> {
  return withEventTransaction(pool, async (client) => {
    const before = await getForUpdate(client, id);
    await repo.deleteEvent(client, id);
    await emitEvent(client, { type: 'event.deleted', entity: { kind: 'event', id }, data: before });
    await appendAudit(client, {
      ...actor,
      entity: 'event',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return before;
  });
}

/** Moves an event to a given start (e.g. an accepted suggestion) or to the next free slot. */
export function rescheduleEvent(
  pool: pg.Pool,
  id: string,
  target: { start_at?: Date; next_free?: boolean; horizon_days?: number },
  actor: AuditActor,
): Promise<EventWrite> {
  return withEventTransaction(pool, async (client) => {
    const before = await getForUpdate(client, id);
    const calendar = await calendarOrFail(client, before.calendar_id, repo.busyKeys(before));
    const duration = new Date(before.end_at).getTime() - new Date(before.start_at).getTime();
    let start = target.start_at;
    if (!start) {
      const proposal: Proposal = {
        id,
        calendar_id: before.calendar_id,
        attendees: before.attendees,
        start_at: new Date(before.start_at),
        end_at: new Date(before.end_at),
      };
      const [slot] = await suggestFor(client, proposal, calendar, { count: 1, horizonDays: target.horizon_days });
      if (!slot) throw conflict('no free slot was found within the horizon', { suggestions: [] });
      start = new Date(slot.start_at);
    }
    const input = { ...inputOf(before), start_at: start, end_at: new Date(start.getTime() + duration) };
    return updateWithin(client, id, input, actor);
  });
}
