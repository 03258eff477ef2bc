// Request/response shapes of free/busy and slot suggestion.
import { z } from '../../openapi/zod.ts';
import { timeZoneSchema, workingHoursSchema } from '../calendars/schemas.ts';
import { attendeesSchema, instant, slotSchema } from '../events/schemas.ts';

const DAY = 86_400_000;
export const MAX_WINDOW_DAYS = 92;

const windowCheck = (from: Date, to: Date, ctx: z.RefinementCtx) => {
  // Refinements also run when a field already failed (then it holds the raw input).
  if (!(from instanceof Date && to instanceof Date)) return;
  if (to.getTime() <= from.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the window may span at most ${MAX_WINDOW_DAYS} days` });
};

/** `attendees` as a comma-separated list (a query string). */
const attendeeList = z
  .string('is required: comma-separated e-mail addresses')
  .transform((v) =>
    v
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .pipe(attendeesSchema.refine((list) => list.length > 0, 'name at least one attendee'));

export const freeBusyQuery = z
  .object({ attendees: attendeeList, from: instant, to: instant })
  .superRefine((q, ctx) => windowCheck(q.from, q.to, ctx));

const busySchema = z.object({ start_at: z.iso.datetime(), end_at: z.iso.datetime() });
export const freeBusySchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    busy: z.record(z.string(), z.array(busySchema)).openapi({ description: 'merged busy intervals per attendee' }),
  })
  .openapi('FreeBusy');

export const suggestBody = z
  .object({
    attendees: attendeesSchema.refine((list) => list.length > 0, 'name at least one attendee'),
    duration_minutes: z
      .number('must be a number of minutes')
      .int('must be whole minutes')
      .min(1)
      .max(24 * 60 * 7),
    from: instant,
    to: instant,
    count: z.number().int().min(1).max(50).default(5),
    calendar_id: z.string().optional().openapi({ description: 'take working hours, time zone and buffer from it' }),
    working_hours: workingHoursSchema.optional().openapi({ description: 'overrides the calendar; default 24/7' }),
    time_zone: timeZoneSchema.optional(),
    buffer_minutes: z.number().int().min(0).max(1440).optional(),
    step_minutes: z.number().int().min(1).max(1440).default(15),
  })
  .superRefine((q, ctx) => windowCheck(q.from, q.to, ctx));

export const suggestionsSchema = z.object({ slots: z.array(slotSchema) }).openapi('SlotSuggestions');
