// Request/response shapes of /api/v1/event-templates. Input is normalised here, once, the way
// migrations/0005_events.sql stores it: attendees lower-cased and deduplicated, tags trimmed and
// deduplicated, reminder offsets sorted and deduplicated, checklist items as {text, notes}
// objects. Text limits follow the events table (a template's title, location and event type
// become an event's), so an event created from a valid template never breaks an event rule.
import { z } from '../../openapi/zod.ts';

export const EVENT_TEMPLATE_MODES = ['free', 'auto_plan'] as const;

export const MAX_DURATION_MINUTES = 525_600;
export const MAX_ATTENDEES = 200;
export const MAX_TAGS = 50;
export const MAX_REMINDER_OFFSETS = 20;
export const MAX_CHECKLIST_ITEMS = 500;

// PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the database.
const noNul = (v: string) => !v.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';

/** Required text, trimmed. */
const requiredText = (max: number) =>
  z
    .string('is required')
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);

/** Optional text where '' means "none" (forms send empty strings for cleared inputs). */
const optionalText = (max: number, options: { trim?: boolean } = {}) =>
  z
    .string('must be text')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => {
      const value = options.trim ? v?.trim() : v;
      return value === '' || value === undefined ? null : value;
    });

const unique = <T>(items: T[]) => [...new Set(items)];

const email = z
  .string('must be an e-mail address')
  .trim()
  .toLowerCase()
  .max(320, 'must be at most 320 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
  .refine(noNul, 'must be an e-mail address');

const TAG_PATTERN = /^\S(.{0,98}\S)?$/;
const tag = z
  .string('must be text')
  .trim()
  .regex(TAG_PATTERN, 'must be 1 to 100 characters on one line')
  .refine(noNul, NUL_MESSAGE);

const minutes = `must be a whole number of minutes from 0 to ${MAX_DURATION_MINUTES}`;
const reminderOffset = z.number(minutes).int(minutes).min(0, minutes).max(MAX_DURATION_MINUTES, minutes);

export const checklistItemSchema = z
  .object({ text: z.string(), notes: z.string().nullable() })
  .openapi('EventTemplateChecklistItem');

const checklistItemObject = z.object(
  {
    text: requiredText(1000),
    notes: optionalText(10_000),
  },
  'must be text or an object with text (and notes)',
);

/** `"Book room"` is shorthand for `{ "text": "Book room" }`; errors name `.text` either way. */
const checklistItemInput = z.union(
  [
    z
      .string()
      .transform((text) => ({ text }))
      .pipe(checklistItemObject),
    checklistItemObject,
  ],
  'must be text or an object with text (and notes)',
);

export const eventTemplateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    calendar_id: z.string().nullable().openapi({ description: 'null = the calendar the event is created in' }),
    event_type: z.string().nullable(),
    location: z.string().nullable(),
    duration_minutes: z.number().int(),
    attendees: z.array(z.string()),
    tags: z.array(z.string()),
    mode: z.enum(EVENT_TEMPLATE_MODES).nullable().openapi({ description: "null = the calendar's default mode" }),
    reminder_offsets: z
      .array(z.number().int())
      .nullable()
      .openapi({ description: "Minutes before start; null = the calendar's default reminder offsets" }),
    checklist: z.array(checklistItemSchema).openapi({ description: 'Sub-tasks created with the event, in order' }),
    usage_count: z.number().int().openapi({ description: 'Number of events created from this template' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('EventTemplate');

/** POST and PUT carry the whole record; read-only fields (id, usage_count, dates) are stripped. */
export const eventTemplateBody = z
  .object({
    name: requiredText(200),
    title: requiredText(500),
    description: optionalText(100_000),
    calendar_id: z
      .string('must be a calendar id')
      .trim()
      .max(63, 'must be a calendar id (at most 63 characters)')
      .refine(noNul, NUL_MESSAGE)
      .nullish()
      .transform((v) => (v === '' || v === undefined ? null : v)),
    event_type: optionalText(64, { trim: true }),
    location: optionalText(500),
    duration_minutes: z
      .number(`must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}`)
      .int(`must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}`)
      .min(1, `must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}`)
      .max(MAX_DURATION_MINUTES, `must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}`)
      .default(60),
    attendees: z
      .array(email, 'must be a list of e-mail addresses')
      .max(MAX_ATTENDEES, `must have at most ${MAX_ATTENDEES} attendees`)
      .nullish()
      .transform((v) => unique(v ?? [])),
    tags: z
      .array(tag, 'must be a list of tags')
      .max(MAX_TAGS, `must have at most ${MAX_TAGS} tags`)
      .nullish()
      .transform((v) => unique(v ?? [])),
    mode: z
      .union(
        [z.enum(EVENT_TEMPLATE_MODES), z.literal(''), z.null()],
        `must be one of ${EVENT_TEMPLATE_MODES.join(', ')}, or null for the calendar's default`,
      )
      .optional()
      .transform((v) => v || null),
    reminder_offsets: z
      .array(reminderOffset, 'must be a list of minutes, or null for the calendar default')
      .max(MAX_REMINDER_OFFSETS, `must have at most ${MAX_REMINDER_OFFSETS} offsets`)
      .nullish()
      .transform((v) => (v ? unique(v).sort((a, b) => a - b) : null)),
    checklist: z
      .array(checklistItemInput, 'must be a list of items')
      .max(MAX_CHECKLIST_ITEMS, `must have at most ${MAX_CHECKLIST_ITEMS} items`)
      .nullish()
      .transform((v) => (v ?? []).map((item) => ({ text: item.text, notes: item.notes ?? null }))),
  })
  .openapi('EventTemplateInput');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const eventTemplateFilters = {
  calendar_id: z.string().max(63).refine(noNul, NUL_MESSAGE),
};

export type EventTemplateDto = z.infer<typeof eventTemplateSchema>;
export type EventTemplateInput = z.infer<typeof eventTemplateBody>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
