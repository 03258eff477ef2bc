// GET /api/v1/freebusy and POST /api/v1/slots/suggest (SPEC 3.1): who is busy when, and where a
// meeting of all of them fits. Busy time is every non-cancelled event of the attendees across
// all calendars (ACTION:/NOTE:/URL: entries turned into commands/notes/links excluded).
import type pg from 'pg';
import { badRequest } from '../../http/problem.ts';
import { route, type RouteHost } from '../../http/route.ts';
import { calendarPlanning } from '../events/planner.ts';
import { busyEventIds } from '../events/repo.ts';
import { busyByAttendee } from './freebusy.ts';
import { suggestSlots } from './slots.ts';
import { freeBusyQuery, freeBusySchema, suggestBody, suggestionsSchema } from './schemas.ts';
import { ALWAYS, parseWorkingHours, workingIntervals, type WorkingHours } from './working-hours.ts';

const iso = (t: number) => new Date(t).toISOString();

async function attendeeEvents(pool: pg.Pool, attendees: string[], from: number, to: number) {
  const result = await pool.query<{ start_at: Date; end_at: Date; attendees: string[] }>(
    `SELECT e.start_at, e.end_at, e.attendees FROM events e WHERE e.id IN (${busyEventIds('$1', '$2', '$3')})`,
    [attendees, new Date(from), new Date(to)],
  );
  return result.rows.map((r) => ({ start: r.start_at.getTime(), end: r.end_at.getTime(), attendees: r.attendees }));
}

export function schedulingRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  route(host, {
    method: 'get',
    path: '/api/v1/freebusy',
    summary: 'Merged busy intervals per attendee in a window',
    tag: 'scheduling',
    scope: 'events.read',
    query: freeBusyQuery,
    response: freeBusySchema,
    handler: async ({ query }) => {
      const window = { start: query.from.getTime(), end: query.to.getTime() };
      const events = await attendeeEvents(pool, query.attendees, window.start, window.end);
      const busy = busyByAttendee(events, query.attendees, window);
      return {
        from: iso(window.start),
        to: iso(window.end),
        busy: Object.fromEntries(
          Object.entries(busy).map(([a, list]) => [
            a,
            list.map((i) => ({ start_at: iso(i.start), end_at: iso(i.end) })),
          ]),
        ),
      };
    },
  });

  route(host, {
    method: 'post',
    path: '/api/v1/slots/suggest',
    summary: 'The earliest free slots for all attendees (working hours, buffer, time zone)',
    tag: 'scheduling',
    scope: 'events.read',
    body: suggestBody,
    response: suggestionsSchema,
    handler: async ({ body }) => {
      const calendar = body.calendar_id ? await calendarPlanning(pool, body.calendar_id) : undefined;
      if (body.calendar_id && !calendar)
        throw badRequest(`there is no calendar ${body.calendar_id}`, { calendar_id: 'no such calendar' });
      const hours: WorkingHours = body.working_hours
        ? parseWorkingHours(body.working_hours)
        : (calendar?.working_hours ?? ALWAYS);
      const timeZone = body.time_zone ?? calendar?.time_zone ?? 'UTC';
      const bufferMs = (body.buffer_minutes ?? calendar?.buffer_minutes ?? 0) * 60_000;
      const window = { start: body.from.getTime(), end: body.to.getTime() };
      const busy = await attendeeEvents(pool, body.attendees, window.start - bufferMs, window.end + bufferMs);
      const slots = suggestSlots({
        busy,
        working: workingIntervals(hours, timeZone, window),
        bufferMs,
        window,
        durationMs: body.duration_minutes * 60_000,
        count: body.count,
        stepMs: body.step_minutes * 60_000,
      });
      return { slots: slots.map((s) => ({ start_at: iso(s.start), end_at: iso(s.end) })) };
    },
  });
}
