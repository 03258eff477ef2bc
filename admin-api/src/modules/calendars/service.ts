// Calendars: CRUD, each change audited in its transaction. The id is a slug chosen at creation
// and never changes. Deleting is refused (409) for the `default` calendar (events that name no
// calendar go there) and for a calendar that still holds events.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, conflict, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import { DEFAULT_CALENDAR_ID, type CalendarRow } from './repo.ts';
import { normalizeWorkingHours, type CalendarDto, type CalendarInput, type NewCalendarInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: CalendarRow): CalendarDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    color: row.color,
    time_zone: row.time_zone,
    default_mode: row.default_mode,
    auto_reschedule: row.auto_reschedule,
    // jsonb keeps object keys in its own order (fri, mon, sat, …): rebuild mon … sun.
    working_hours: normalizeWorkingHours(row.working_hours),
    buffer_minutes: row.buffer_minutes,
    default_reminder_offsets: row.default_reminder_offsets,
    event_count: row.event_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view: the settings, not the statistics or dates. */
const auditView = ({ event_count: _n, created_at: _c, updated_at: _u, id: _i, ...content }: CalendarDto) => content;

// The net under the zod checks: a CHECK violation names its field instead of a bare 400/500.
const CONSTRAINT_FIELDS: Record<string, string> = {
  calendars_id_format: 'id',
  calendars_name_check: 'name',
  calendars_color_format: 'color',
  calendars_time_zone_valid: 'time_zone',
  calendars_default_mode_check: 'default_mode',
  calendars_working_hours_valid: 'working_hours',
  calendars_buffer_minutes_range: 'buffer_minutes',
  calendars_default_reminder_offsets_valid: 'default_reminder_offsets',
};

function databaseRefused(error: unknown, id: string): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'calendars_pkey')
    throw new HttpProblem(409, 'Conflict', {
      detail: `a calendar with id "${id}" already exists`,
      errors: { id: 'is already used by another calendar' },
    });
  const field = e.code === '23514' && e.constraint ? CONSTRAINT_FIELDS[e.constraint] : undefined;
  if (field) {
    const message = field === 'time_zone' ? 'is not a time zone the database knows' : 'is not valid';
    throw badRequest(`${field}: ${message}`, { [field]: message });
  }
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<CalendarRow> {
  const row = await repo.getCalendarRow(db, id, forUpdate);
  if (!row) throw notFound(`no calendar with id ${id}`);
  return row;
}

export async function create(pool: pg.Pool, input: NewCalendarInput, actor: AuditActor): Promise<CalendarDto> {
  return withTransaction(pool, async (client) => {
    await repo.insertCalendar(client, input).catch((e: unknown) => databaseRefused(e, input.id));
    const created = toDto(await getOrThrow(client, input.id));
    await appendAudit(client, {
      ...actor,
      entity: 'calendar',
      entityId: input.id,
      action: 'create',
      newValue: auditView(created),
    });
    return created;
  });
}

/** Replaces the calendar's settings; its id stays (an id in the body is ignored). */
export async function update(pool: pg.Pool, id: string, input: CalendarInput, actor: AuditActor): Promise<CalendarDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.updateCalendar(client, id, input).catch((e: unknown) => databaseRefused(e, id));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'calendar',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

/**
 * Deletes an empty calendar. The row lock taken first conflicts with the key-share lock an
 * event insert takes on its calendar, so no event can slip in between the count and the delete.
 */
export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<CalendarDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    if (id === DEFAULT_CALENDAR_ID)
      throw conflict('the default calendar cannot be deleted (events that name no calendar go there)');
    const events = await repo.countEvents(client, id);
    if (events > 0)
      throw conflict(
        `calendar "${id}" holds ${events} event${events === 1 ? '' : 's'}; move or delete ${events === 1 ? 'it' : 'them'} first`,
        { event_count: events },
      );
    await repo.deleteCalendar(client, id).catch((e: unknown) => {
      if ((e as { code?: string }).code === '23503')
        throw conflict(`calendar "${id}" holds events; move or delete them first`);
      throw e;
    });
    await appendAudit(client, {
      ...actor,
      entity: 'calendar',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return { ...before, event_count: 0 };
  });
}
