// SQL for calendars. `getCalendar` is the one read other modules use (events and auto-plan
// need a calendar's time zone, working hours, buffer and default mode); it returns typed
// fields and no statistics.
import type pg from 'pg';
import { ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { CalendarInput, CalendarMode, NewCalendarInput, Weekday } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export const DEFAULT_CALENDAR_ID = 'default';

/** A calendar as stored. working_hours: a missing or empty day has no working hours. */
export type Calendar = {
  id: string;
  name: string;
  description: string | null;
  color: string | null;
  time_zone: string;
  default_mode: CalendarMode;
  auto_reschedule: boolean;
  working_hours: Partial<Record<Weekday, string[]>>;
  buffer_minutes: number;
  default_reminder_offsets: number[];
  created_at: Date;
  updated_at: Date;
};

/** A calendar with the number of its events, as the API shows it. */
export type CalendarRow = Calendar & { event_count: number };

const COLUMNS = `c.id, c.name, c.description, c.color, c.time_zone, c.default_mode, c.auto_reschedule, c.working_hours,
  c.buffer_minutes, c.default_reminder_offsets, c.created_at, c.updated_at`;
const COLUMNS_WITH_COUNT = `${COLUMNS}, (SELECT count(*)::int FROM events e WHERE e.calendar_id = c.id) AS event_count`;

export const SORTABLE = ['id', 'name', 'created_at'];

const listTable: ListTable = {
  from: 'calendars c',
  columns: COLUMNS_WITH_COUNT,
  idColumn: 'c.id',
  search: ilikeSearch('c.name', 'c.description', 'c.id'),
  filters: {},
  sortColumns: { id: 'c.id', name: 'c.name', created_at: 'c.created_at' },
};

export const listCalendars = (db: Queryable, query: ListQuery) => listRows<CalendarRow>(db, listTable, query);

/** One calendar, or undefined. `forUpdate` locks its row (until the transaction ends). */
export async function getCalendar(db: Queryable, id: string, forUpdate = false): Promise<Calendar | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<Calendar>(`SELECT ${COLUMNS} FROM calendars c WHERE c.id = $1${lock}`, [id])).rows[0];
}

/** One calendar with its event count (for the API), or undefined. */
export async function getCalendarRow(db: Queryable, id: string, forUpdate = false): Promise<CalendarRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  const result = await db.query<CalendarRow>(`SELECT ${COLUMNS_WITH_COUNT} FROM calendars c WHERE c.id = $1${lock}`, [
    id,
  ]);
  return result.rows[0];
}

export async function countEvents(db: Queryable, id: string): Promise<number> {
  const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE calendar_id = $1', [id]);
  return result.rows[0]?.n ?? 0;
}

const values = (c: CalendarInput) => [
  c.name,
  c.description,
  c.color,
  c.time_zone,
  c.default_mode,
  c.auto_reschedule,
  JSON.stringify(c.working_hours),
  c.buffer_minutes,
  c.default_reminder_offsets,
];

export async function insertCalendar(db: Queryable, c: NewCalendarInput): Promise<void> {
  await db.query(
    `INSERT INTO calendars (id, name, description, color, time_zone, default_mode, auto_reschedule, working_hours,
       buffer_minutes, default_reminder_offsets)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::int[])`,
    [c.id, ...values(c)],
  );
}

export async function updateCalendar(db: Queryable, id: string, c: CalendarInput): Promise<void> {
  await db.query(
    `UPDATE calendars SET name = $2, description = $3, color = $4, time_zone = $5, default_mode = $6,
       auto_reschedule = $7, working_hours = $8::jsonb, buffer_minutes = $9, default_reminder_offsets = $10::int[]
     WHERE id = $1`,
    [id, ...values(c)],
  );
}

export async function deleteCalendar(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM calendars WHERE id = $1', [id]);
}
