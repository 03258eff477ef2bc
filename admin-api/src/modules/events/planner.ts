// Auto-plan: conflicts of a proposed event and the next free slots for it. Busy time is every
// attendee's (across all calendars); allowed time is the event calendar's working hours in its
// time zone; every event keeps the calendar's buffer free before and after it.
import type pg from 'pg';
import type { Interval } from '../scheduling/intervals.ts';
import { suggestSlots } from '../scheduling/slots.ts';
import { parseWorkingHours, workingIntervals, type WorkingHours } from '../scheduling/working-hours.ts';
import * as repo from './repo.ts';
import type { Conflict, Slot } from './schemas.ts';
import { named } from '../../db/named.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type CalendarPlanning = {
  id: string;
  time_zone: string;
  working_hours: WorkingHours;
  buffer_minutes: number;
  default_mode: 'free' | 'auto_plan';
  auto_reschedule: boolean;
  default_reminder_offsets: number[];
};

/**
 * A calendar's planning settings. `lockKeys`: busy keys to lock in the same round trip (see
 * repo.lockBusyKeysSql), taken only when the calendar exists.
 */
export async function calendarPlanning(
  db: Queryable,
  id: string,
  lockKeys: string[] = [],
): Promise<CalendarPlanning | undefined> {
  const result = await db.query<CalendarPlanning & { locked: string }>(
    named(
      `SELECT id, time_zone, working_hours, buffer_minutes, default_mode, auto_reschedule, default_reminder_offsets,
              ${repo.lockBusyKeysSql('$2')} AS locked
         FROM calendars WHERE id = $1`,
      [id, lockKeys],
    ),
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { locked: _locked, ...planning } = row;
  return { ...planning, working_hours: parseWorkingHours(row.working_hours) };
}

export type Proposal = { id: string | null; calendar_id: string; attendees: string[]; start_at: Date; end_at: Date };

const DAY = 86_400_000;
export const DEFAULT_HORIZON_DAYS = 14;
export const SUGGESTION_COUNT = 5;

/** The shared stretch of two events; zero-length at the nearer edge when only the buffer meets. */
function overlapOf(a: { start_at: Date; end_at: Date }, b: { start_at: Date; end_at: Date }) {
  const start = Math.max(a.start_at.getTime(), b.start_at.getTime());
  const end = Math.max(start, Math.min(a.end_at.getTime(), b.end_at.getTime()));
  return {
    start_at: new Date(start).toISOString(),
    end_at: new Date(end).toISOString(),
    minutes: Math.round((end - start) / 60_000),
  };
}

/**
 * Events overlapping the proposal that take the same people's time. `bufferMs` widens the
 * proposal (auto-plan keeps a gap); free mode reports plain overlaps (0).
 */
export async function findConflicts(db: Queryable, p: Proposal, bufferMs = 0) {
  const rows = await repo.overlapping(
    db,
    { from: new Date(p.start_at.getTime() - bufferMs), to: new Date(p.end_at.getTime() + bufferMs) },
    p,
    p.id,
  );
  return rows.map((row) => {
    const conflict: Conflict = {
      id: row.id,
      title: row.title,
      calendar_id: row.calendar_id,
      start_at: row.start_at.toISOString(),
      end_at: row.end_at.toISOString(),
      attendees: p.attendees.filter((a) => row.attendees.includes(a)),
      overlap: overlapOf(p, row),
    };
    return { conflict, row };
  });
}

/**
 * The next free slots for the proposal's duration, from its own start (or now, if later) up to
 * the horizon, for all its attendees, inside the calendar's working hours, keeping the buffer.
 */
export async function suggestFor(
  db: Queryable,
  p: Proposal,
  calendar: CalendarPlanning,
  options: { horizonDays?: number; count?: number; now?: number } = {},
): Promise<Slot[]> {
  const from = Math.max(p.start_at.getTime(), options.now ?? Date.now());
  const window: Interval = { start: from, end: from + (options.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY };
  const bufferMs = calendar.buffer_minutes * 60_000;
  const busy = await repo.busyIntervals(
    db,
    { from: new Date(window.start - bufferMs), to: new Date(window.end + bufferMs) },
    p,
    p.id,
  );
  const slots = suggestSlots({
    busy,
    working: workingIntervals(calendar.working_hours, calendar.time_zone, window),
    bufferMs,
    window,
    durationMs: p.end_at.getTime() - p.start_at.getTime(),
    count: options.count ?? SUGGESTION_COUNT,
  });
  return slots.map((s) => ({ start_at: new Date(s.start).toISOString(), end_at: new Date(s.end).toISOString() }));
}
