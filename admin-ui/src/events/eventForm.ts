// Form plumbing for events that is not rendering: the API wants instants with an offset while
// <input type="datetime-local"> speaks local wall-clock time, PUT wants the whole writable
// record, and the end must come after the start.

/** `yyyy-MM-ddThh:mm` (the browser's local time) → ISO instant in UTC; empty → null. */
export function localToIso(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** i18n key of the error under end_at when it does not come after start_at (else undefined). */
export function endAfterStart(end: unknown, values: { start_at?: unknown }): string | undefined {
  if (!end || !values.start_at) return undefined;
  const endMs = new Date(String(end)).getTime();
  const startMs = new Date(String(values.start_at)).getTime();
  if (Number.isNaN(endMs) || Number.isNaN(startMs)) return undefined;
  return endMs <= startMs ? 'resources.events.validation.end_after_start' : undefined;
}

/** The fields PUT /events/{id} takes; everything else in a record is read-only. */
export const WRITABLE_EVENT_FIELDS = [
  'calendar_id',
  'title',
  'description',
  'start_at',
  'end_at',
  'all_day',
  'event_type',
  'location',
  'attendees',
  'tags',
  'mode',
  'status',
  'source',
  'external_id',
  'reminder_offsets',
  'metadata',
] as const;

export type EventPlacement = { start_at: string; end_at: string };

/** The whole writable record of `event`, moved to `placement` (for a drag in the calendar). */
export function movedEventBody(event: Record<string, unknown>, placement: EventPlacement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of WRITABLE_EVENT_FIELDS) if (field in event) body[field] = event[field];
  return { ...body, start_at: placement.start_at, end_at: placement.end_at };
}

/** A slot's end when an event of this duration starts at `start` (ISO in, ISO out). */
export function shiftedEnd(event: EventPlacement, start: string): string {
  const duration = new Date(event.end_at).getTime() - new Date(event.start_at).getTime();
  return new Date(new Date(start).getTime() + duration).toISOString();
}
