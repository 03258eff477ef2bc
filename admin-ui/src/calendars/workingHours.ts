// Working hours and reminder offsets as the calendar form edits them: one text field per
// weekday ("09:00-12:00, 13:00-17:00") and one for offsets ("15, 60"), checked here with the
// API's rules so mistakes show under the field before saving. While typing, the form holds
// the text (parsing on each keystroke would eat the comma being typed); calendarBody turns it
// into the lists the API takes when the form is saved.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

const splitList = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** A day's spans from the text field (or the list as stored). */
export function parseSpans(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? splitList(value) : [];
}

/** What a list field shows: the stored list joined, or the text being typed as it is. */
export function formatList(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : '';
}

/** Keeps the typed text in the form (see above). */
export const keepText = (value: string) => value;

/** i18n key of the first problem in a day's spans, or undefined when they are valid. */
export function spansError(value: unknown): string | undefined {
  const minutes: Array<[number, number]> = [];
  for (const span of parseSpans(value)) {
    const m = SPAN.exec(span);
    if (!m) return 'resources.calendars.validation.span_format';
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3] ?? m[5]) * 60 + Number(m[4] ?? m[6]);
    if (end <= start) return 'resources.calendars.validation.span_order';
    minutes.push([start, end]);
  }
  minutes.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < minutes.length; i++)
    if (minutes[i]![0] < minutes[i - 1]![1]) return 'resources.calendars.validation.span_overlap';
  return undefined;
}

/** Offsets in minutes from "15, 60"; non-numbers are kept as NaN so validation can name them. */
export function parseOffsets(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value !== 'string') return [];
  return splitList(value).map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

export function offsetsError(value: unknown): string | undefined {
  const offsets = parseOffsets(value);
  if (offsets.some((o) => !Number.isInteger(o) || o < 0 || o > 525_600))
    return 'resources.calendars.validation.offsets';
  if (offsets.length > 20) return 'resources.calendars.validation.offsets_count';
  return undefined;
}

/** The form values as the API takes them: lists instead of the typed text. */
export function calendarBody(values: Record<string, unknown>): Record<string, unknown> {
  const hours = (values.working_hours ?? {}) as Record<string, unknown>;
  return {
    ...values,
    default_reminder_offsets: parseOffsets(values.default_reminder_offsets),
    working_hours: Object.fromEntries(WEEKDAYS.map((day) => [day, parseSpans(hours[day])])),
  };
}
