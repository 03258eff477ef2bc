// Request/response shapes of /api/v1/events (SPEC 3.1). Times: ISO 8601 with an offset on
// input (stored and returned as UTC instants).
import { z } from '../../openapi/zod.ts';

export const EVENT_MODES = ['free', 'auto_plan'] as const;
export const EVENT_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;

export const progressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  all_done: z.boolean(),
});

export const eventSchema = z
  .object({
    id: z.uuid(),
    calendar_id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    start_at: z.iso.datetime(),
    end_at: z.iso.datetime(),
    all_day: z.boolean(),
    event_type: z.string().nullable(),
    location: z.string().nullable(),
    attendees: z.array(z.string()),
    tags: z.array(z.string()),
    mode: z.enum(EVENT_MODES).nullable().openapi({ description: "null = the calendar's default mode" }),
    effective_mode: z.enum(EVENT_MODES),
    status: z.enum(EVENT_STATUSES),
    completed_at: z.iso.datetime().nullable(),
    source: z.string(),
    external_id: z.string().nullable(),
    template_id: z.uuid().nullable(),
    reminder_offsets: z.array(z.number().int()),
    parse_error: z.string().nullable(),
    consumed_at: z.iso.datetime().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    progress: progressSchema,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Event');

export type EventDto = z.infer<typeof eventSchema>;

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** ISO 8601 with an offset (`Z` or `+02:00`); a local time without offset is ambiguous. */
export const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-29T09:00:00+02:00' })
  .transform((v) => new Date(v))
  .openapi({ type: 'string', format: 'date-time' });

const optionalText = (max: number) =>
  z
    .string('must be text')
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v === '' || v === undefined ? null : v));

const email = z
  .string('must be an e-mail address')
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an e-mail address').max(254, 'must be at most 254 characters'));
export const attendeesSchema = z
  .array(email, 'must be a list of e-mail addresses')
  .max(200, 'at most 200 attendees')
  .transform((list) => [...new Set(list)]);
export const tagsSchema = z
  .array(
    z.string('must be text').trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    'must be a list of tags',
  )
  .max(50, 'at most 50 tags')
  .transform((list) => [...new Set(list)]);
export const reminderOffsetsSchema = z
  .array(z.number('must be a number of minutes').int('must be whole minutes').min(0).max(525_600), 'must be a list')
  .max(20, 'at most 20 reminders')
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));
const calendarId = z.string('must be a calendar id').regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'is not a calendar id');
const source = z
  .string('must be text')
  .regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'must be lower-case letters, digits and . _ : - (e.g. google:work)');

/** Create and whole-record update carry the same fields; read-only ones are ignored. */
export const eventBody = z
  .object({
    calendar_id: calendarId.default('default'),
    title: z.string('is required').trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
    description: optionalText(100_000),
    start_at: instant,
    end_at: instant,
    all_day: z.boolean('must be true or false').default(false),
    event_type: optionalText(64),
    location: optionalText(500),
    attendees: attendeesSchema.default([]),
    tags: tagsSchema.default([]),
    mode: z
      .enum(EVENT_MODES, `must be one of ${EVENT_MODES.join(', ')} (or null for the calendar's default)`)
      .nullish()
      .transform((v) => v ?? null),
    status: z.enum(EVENT_STATUSES, `must be one of ${EVENT_STATUSES.join(', ')}`).default('scheduled'),
    source: source.default('api'),
    external_id: optionalText(1024),
    reminder_offsets: reminderOffsetsSchema.nullish().transform((v) => v ?? null),
    metadata: z.record(z.string(), z.unknown(), 'must be an object').default({}),
  })
  .superRefine((e, ctx) => {
    // Refinements also run when a field already failed (then it holds the raw input).
    if (e.start_at instanceof Date && e.end_at instanceof Date && e.end_at.getTime() <= e.start_at.getTime())
      ctx.addIssue({ code: 'custom', path: ['end_at'], message: 'must be after start_at' });
  });
export type EventInput = z.infer<typeof eventBody>;

/** Upsert for calendar sync: source and external_id are required (the natural key). */
export const upsertBody = eventBody.superRefine((e, ctx) => {
  if (!e.external_id) ctx.addIssue({ code: 'custom', path: ['external_id'], message: 'is required for an upsert' });
  if (e.source === 'api')
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'name the sync origin, e.g. google:work' });
});

export const conflictSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    calendar_id: z.string(),
    start_at: z.iso.datetime(),
    end_at: z.iso.datetime(),
    attendees: z.array(z.string()).openapi({ description: 'attendees the two events share' }),
    overlap: z.object({ start_at: z.iso.datetime(), end_at: z.iso.datetime(), minutes: z.number() }),
  })
  .openapi('EventConflict');
export type Conflict = z.infer<typeof conflictSchema>;

export const slotSchema = z.object({ start_at: z.iso.datetime(), end_at: z.iso.datetime() }).openapi('Slot');
export type Slot = z.infer<typeof slotSchema>;

/** Answer of create/update/reschedule: the event, and in free mode the overlaps it has. */
export const eventWriteSchema = eventSchema
  .extend({
    conflicts: z.array(conflictSchema),
    rescheduled: z
      .array(z.object({ id: z.uuid(), title: z.string(), from: slotSchema, to: slotSchema }))
      .openapi({ description: 'auto_plan events of auto-rescheduling calendars that this change moved away' }),
  })
  .openapi('EventWrite');
export type EventWrite = z.infer<typeof eventWriteSchema>;

export const rescheduleBody = z
  .object({
    start_at: instant.optional(),
    next_free: z.boolean('must be true or false').optional(),
    horizon_days: z.number().int().min(1).max(366).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.start_at === !b.next_free)
      ctx.addIssue({
        code: 'custom',
        path: ['start_at'],
        message: 'give either start_at (e.g. a suggestion) or next_free: true',
      });
  });

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const eventFilters = {
  from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }),
  anchor: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }),
  direction: z.enum(['next', 'previous'], 'must be next or previous'),
  calendar_id: z.union([calendarId, z.array(calendarId).max(100)]),
  tags: z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(50)]),
  status: z.union([z.enum(EVENT_STATUSES), z.array(z.enum(EVENT_STATUSES))]),
  attendee: z.union([email, z.array(email).max(200)]),
  mode: z.enum(EVENT_MODES),
  source: source,
  external_id: z.string().min(1).max(1024),
  template_id: z.uuid(),
};
