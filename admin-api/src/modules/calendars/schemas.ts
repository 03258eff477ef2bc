// Request/response shapes of /api/v1/calendars. Every rule of the calendars table is checked
// here first (same rules as its CHECK constraints), so bad input is a 400 naming the field
// (errors.time_zone, errors["working_hours.mon.1"]) rather than a constraint violation.
import { z } from '../../openapi/zod.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const CALENDAR_MODES = ['free', 'auto_plan'] as const;
export type CalendarMode = (typeof CALENDAR_MODES)[number];

export const MAX_REMINDER_OFFSETS = 20;
export const MAX_REMINDER_OFFSET_MINUTES = 525_600;
const MAX_SPANS_PER_DAY = 48;

export const CALENDAR_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const calendarId = z
  .string('is required')
  .regex(CALENDAR_ID, 'must be a slug: a lower-case letter or digit, then up to 62 of a-z 0-9 _ - (e.g. work)');

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

const CANONICAL_ZONES = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC']);
/** The database's is_valid_time_zone() refuses anything else (offsets such as +01:00, too). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+/-]*$/;

/**
 * An IANA time zone: one of Intl.supportedValuesOf('timeZone') or UTC — or an IANA alias of one
 * (Asia/Kolkata, Europe/Kyiv and Etc/UTC are aliases there: ICU lists the older names).
 */
export function isKnownTimeZone(name: string): boolean {
  if (CANONICAL_ZONES.has(name)) return true;
  if (!ZONE_NAME.test(name)) return false;
  try {
    return CANONICAL_ZONES.has(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string('must be an IANA time zone such as Europe/Berlin')
  .trim()
  .max(64, 'must be at most 64 characters')
  .refine(isKnownTimeZone, 'is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)');

// ---------------------------------------------------------------------------------------------
// Working hours: { mon: ["09:00-12:00", "13:00-17:00"], …, sun: [] }
// Same rules as the database's working_hours_is_valid(): 'HH:MM-HH:MM', start before end,
// '24:00' allowed as an end. Stricter than it in one way: spans of one day must not overlap.
// ---------------------------------------------------------------------------------------------

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** A span as [startMinute, endMinute) of the local day, or undefined when malformed. */
export function spanMinutes(span: string): [number, number] | undefined {
  const m = SPAN.exec(span);
  if (!m) return undefined;
  return [Number(m[1]) * 60 + Number(m[2]), Number(m[3] ?? m[5]) * 60 + Number(m[4] ?? m[6])];
}

const spanSchema = z.string('must be a span "HH:MM-HH:MM"').superRefine((span, ctx) => {
  const minutes = spanMinutes(span);
  if (!minutes) ctx.addIssue({ code: 'custom', message: 'must be a span "HH:MM-HH:MM" (00:00 to 24:00)' });
  else if (minutes[1] <= minutes[0])
    ctx.addIssue({ code: 'custom', message: 'must end after it starts (split overnight spans at 24:00)' });
});

const daySpans = z
  .array(spanSchema, 'must be a list of "HH:MM-HH:MM" spans')
  .max(MAX_SPANS_PER_DAY, `must hold at most ${MAX_SPANS_PER_DAY} spans`);

export type WorkingHours = Record<Weekday, string[]>;

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  mon: ['09:00-17:00'],
  tue: ['09:00-17:00'],
  wed: ['09:00-17:00'],
  thu: ['09:00-17:00'],
  fri: ['09:00-17:00'],
  sat: [],
  sun: [],
};

/** Days in mon … sun order (a missing day is an empty one), spans sorted by start. */
export function normalizeWorkingHours(raw: Partial<Record<Weekday, string[]>>): WorkingHours {
  const start = (span: string) => spanMinutes(span)?.[0] ?? 0;
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, [...(raw[day] ?? [])].sort((a, b) => start(a) - start(b))]),
  ) as WorkingHours;
}

export const workingHoursSchema = z
  .strictObject(
    {
      mon: daySpans.optional(),
      tue: daySpans.optional(),
      wed: daySpans.optional(),
      thu: daySpans.optional(),
      fri: daySpans.optional(),
      sat: daySpans.optional(),
      sun: daySpans.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown day ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (days are ${WEEKDAYS.join(', ')})`
          : `must be an object of days (${WEEKDAYS.join(', ')}) with lists of "HH:MM-HH:MM" spans`,
    },
  )
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const spans = (hours[day] ?? []).map((text, index) => ({ text, index, minutes: spanMinutes(text)! }));
      spans.sort((a, b) => a.minutes[0] - b.minutes[0]);
      for (let i = 1; i < spans.length; i++) {
        const previous = spans[i - 1]!;
        const span = spans[i]!;
        if (span.minutes[0] < previous.minutes[1])
          ctx.addIssue({
            code: 'custom',
            path: [day, Math.max(span.index, previous.index)],
            message: `overlaps ${previous.index < span.index ? previous.text : span.text} (spans of one day must not overlap)`,
          });
      }
    }
  })
  .transform(normalizeWorkingHours)
  .openapi({
    description: 'Per weekday a list of local "HH:MM-HH:MM" spans ("24:00" allowed as an end); a missing day has none',
    example: { mon: ['09:00-12:00', '13:00-17:00'], sat: [], sun: [] },
  });

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

const daySpansOut = z.array(z.string());
const workingHoursOut = z.object({
  mon: daySpansOut,
  tue: daySpansOut,
  wed: daySpansOut,
  thu: daySpansOut,
  fri: daySpansOut,
  sat: daySpansOut,
  sun: daySpansOut,
});

export const calendarSchema = z
  .object({
    id: z.string().openapi({ description: 'Slug chosen at creation; immutable' }),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string().nullable(),
    time_zone: z.string(),
    default_mode: z.enum(CALENDAR_MODES),
    auto_reschedule: z.boolean(),
    working_hours: workingHoursOut,
    buffer_minutes: z.number().int(),
    default_reminder_offsets: z.array(z.number().int()),
    event_count: z.number().int().openapi({ description: 'Events in this calendar (read-only)' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Calendar');

/** Optional text where '' means "none" (forms send empty strings for cleared inputs). */
const optionalText = (max: number) =>
  z
    .string('must be text')
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

const color = z
  .string('must be a colour such as #3366ff')
  .trim()
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null))
  .pipe(
    z
      .string()
      .regex(/^#[0-9a-f]{6}$/, 'must be a colour such as #3366ff')
      .nullable(),
  );

const reminderOffsets = z
  .array(
    z
      .number('must be a number of minutes')
      .int('must be a whole number of minutes')
      .min(0, 'must be at least 0')
      .max(MAX_REMINDER_OFFSET_MINUTES, `must be at most ${MAX_REMINDER_OFFSET_MINUTES} (a year)`),
    'must be a list of minutes before the start',
  )
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => a - b))
  .pipe(z.array(z.number()).max(MAX_REMINDER_OFFSETS, `must hold at most ${MAX_REMINDER_OFFSETS} offsets`));

/** PUT body: the whole record; read-only fields (id, event_count, dates) are ignored. */
export const calendarBody = z
  .object({
    name: z.string('is required').trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    description: optionalText(10_000),
    color,
    time_zone: timeZoneSchema.default('UTC'),
    default_mode: z.enum(CALENDAR_MODES, `must be one of ${CALENDAR_MODES.join(', ')}`).default('free'),
    auto_reschedule: z.boolean('must be true or false').default(false),
    working_hours: workingHoursSchema.default(DEFAULT_WORKING_HOURS),
    buffer_minutes: z
      .number('must be a number of minutes')
      .int('must be a whole number of minutes')
      .min(0, 'must be at least 0')
      .max(1440, 'must be at most 1440 (a day)')
      .default(0),
    default_reminder_offsets: reminderOffsets.default([]),
  })
  .openapi('CalendarInput');

/** POST body: the id (slug) is chosen by the client and cannot change afterwards. */
export const createCalendarBody = calendarBody.extend({ id: calendarId }).openapi('NewCalendar');

export const idParams = z.object({ id: calendarId });

export const calendarFilters = {};

export type CalendarDto = z.infer<typeof calendarSchema>;
export type CalendarInput = z.infer<typeof calendarBody>;
export type NewCalendarInput = z.infer<typeof createCalendarBody>;
