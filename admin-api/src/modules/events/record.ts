// The event record as the API shows it (and as event.* messages carry it in `data`): one SQL
// select list and one mapping, used by the list, by single reads and by every emitter, so an
// event looks the same wherever it appears. Progress comes from the sub-tasks.
import type pg from 'pg';
import type { EventDto } from './schemas.ts';
import { named } from '../../db/named.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type EventRow = {
  id: string;
  calendar_id: string;
  title: string;
  description: string | null;
  start_at: Date;
  end_at: Date;
  all_day: boolean;
  event_type: string | null;
  location: string | null;
  attendees: string[];
  tags: string[];
  mode: string | null;
  effective_mode: string;
  status: string;
  completed_at: Date | null;
  source: string;
  external_id: string | null;
  template_id: string | null;
  reminder_offsets: number[];
  parse_error: string | null;
  consumed_at: Date | null;
  metadata: Record<string, unknown>;
  done: number;
  total: number;
  created_at: Date;
  updated_at: Date;
};

/** FROM clause: events e joined with their calendar c (for the effective mode). */
export const EVENT_FROM = 'events e JOIN calendars c ON c.id = e.calendar_id';

export const EVENT_COLUMNS = `e.id, e.calendar_id, e.title, e.description, e.start_at, e.end_at, e.all_day, e.event_type,
  e.location, e.attendees, e.tags, e.mode, coalesce(e.mode, c.default_mode) AS effective_mode, e.status, e.completed_at,
  e.source, e.external_id, e.template_id, e.reminder_offsets, e.parse_error, e.consumed_at, e.metadata,
  (SELECT count(*) FILTER (WHERE st.completed)::int FROM sub_tasks st WHERE st.event_id = e.id) AS done,
  (SELECT count(*)::int FROM sub_tasks st WHERE st.event_id = e.id) AS total,
  e.created_at, e.updated_at`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toEventDto(row: EventRow): EventDto {
  return {
    id: row.id,
    calendar_id: row.calendar_id,
    title: row.title,
    description: row.description,
    start_at: row.start_at.toISOString(),
    end_at: row.end_at.toISOString(),
    all_day: row.all_day,
    event_type: row.event_type,
    location: row.location,
    attendees: row.attendees,
    tags: row.tags,
    mode: row.mode as EventDto['mode'],
    effective_mode: row.effective_mode as EventDto['effective_mode'],
    status: row.status as EventDto['status'],
    completed_at: iso(row.completed_at),
    source: row.source,
    external_id: row.external_id,
    template_id: row.template_id,
    reminder_offsets: row.reminder_offsets,
    parse_error: row.parse_error,
    consumed_at: iso(row.consumed_at),
    metadata: row.metadata,
    progress: { done: row.done, total: row.total, all_done: row.total > 0 && row.done === row.total },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** One event as the API shows it, or undefined. `forUpdate` locks the event row. */
export async function loadEvent(db: Queryable, id: string, forUpdate = false): Promise<EventDto | undefined> {
  const result = await db.query<EventRow>(
    named(`SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM} WHERE e.id = $1${forUpdate ? ' FOR UPDATE OF e' : ''}`, [id]),
  );
  return result.rows[0] ? toEventDto(result.rows[0]) : undefined;
}
