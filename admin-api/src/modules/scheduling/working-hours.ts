// A calendar's working hours: per weekday, spans of local wall-clock time ("09:00-17:00") in
// the calendar's IANA time zone. workingIntervals turns them into UTC instants, day by day, so
// the slot search can work on plain numbers and never think about zones again.
//
// DST: a span is computed from the real instants of its two boundaries, so on Europe/Berlin's
// spring-forward day 01:00-04:00 lasts 2 hours and on fall-back day 4 hours. Each boundary is
// the FIRST instant of that local day at which the wall clock reads the boundary time or later:
//   - a time in the skipped hour (02:30 on spring-forward day) becomes the first valid instant,
//     the transition itself (03:00 local); luxon alone would shift it to 03:30, which would
//     silently cut half an hour off a span starting at 02:30;
//   - a time in the repeated hour (02:30 on fall-back day) is its first occurrence (as in
//     RFC 5545 and Temporal's 'compatible' disambiguation); luxon alone picks the second one;
//   - "24:00" is the next day's first instant (normally its 00:00).
// A day a zone skipped entirely (Pacific/Apia, 2011-12-30) thus gets no working time at all.
import { DateTime, IANAZone } from 'luxon';
import { clipToWindow, intersectIntervals, mergeIntervals, type Interval } from './intervals.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** A missing day, or an empty list, means no working hours that day. */
export type WorkingHours = Partial<Record<Weekday, string[]>>;

/** Working hours around the clock: use it for "no working-hours restriction". */
export const ALWAYS: WorkingHours = Object.freeze(
  Object.fromEntries(WEEKDAYS.map((day) => [day, Object.freeze(['00:00-24:00']) as string[]])),
);

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A span as [startMinute, endMinute) of the local day (end up to 1440), or an error message. */
function parseSpan(text: unknown): [number, number] | string {
  const m = typeof text === 'string' ? SPAN.exec(text) : null;
  if (!m) return `${JSON.stringify(text)} is not a span "HH:MM-HH:MM" (00:00 to 24:00)`;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3] ?? m[5]) * 60 + Number(m[4] ?? m[6]);
  // Overnight spans are refused rather than guessed at: write 22:00-24:00 and 00:00-06:00.
  if (end <= start) return `${JSON.stringify(text)} must end after it starts (split overnight spans at 24:00)`;
  return [start, end];
}

/** Per weekday the spans in minutes; throws the first problem found. */
function spansOf(raw: unknown): Record<Weekday, [number, number][]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error('working_hours must be an object mapping mon..sun to lists of "HH:MM-HH:MM" spans');
  const spans = Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as Record<Weekday, [number, number][]>;
  for (const [day, list] of Object.entries(raw)) {
    // An unknown key ("monday") is refused: accepting it would silently mean "never working".
    if (!(WEEKDAYS as readonly string[]).includes(day))
      throw new Error(`working_hours.${day}: unknown day (expected one of ${WEEKDAYS.join(', ')})`);
    if (!Array.isArray(list)) throw new Error(`working_hours.${day} must be a list of "HH:MM-HH:MM" spans`);
    list.forEach((text: unknown, i) => {
      const span = parseSpan(text);
      if (typeof span === 'string') throw new Error(`working_hours.${day}[${i}]: ${span}`);
      spans[day as Weekday].push(span);
    });
  }
  return spans;
}

/**
 * Validates stored or submitted working hours and returns a clean copy (days in mon..sun order,
 * missing days left out). Throws an Error naming the offending day and span. Overlapping spans
 * within a day are accepted; they simply merge.
 */
export function parseWorkingHours(raw: unknown): WorkingHours {
  spansOf(raw);
  const source = raw as WorkingHours;
  const out: WorkingHours = {};
  for (const day of WEEKDAYS) if (source[day]) out[day] = [...source[day]];
  return out;
}

export function isValidTimeZone(timeZone: string): boolean {
  // IANAZone.create caches zones and their validity; isValidZone would re-check each time.
  return IANAZone.create(timeZone).isValid;
}

/**
 * The first instant of local date `year-month-day` at which the wall clock in `zone` reads
 * `minutes` past midnight (0 to 1440) or later; see the header for why.
 */
export function wallClockInstant(year: number, month: number, day: number, minutes: number, zone: string): number {
  if (!isValidTimeZone(zone)) throw new Error(`unknown time zone ${JSON.stringify(zone)}`);
  return instantAt(Date.UTC(year, month - 1, day), minutes, zone);
}

/** wallClockInstant with the date given as its UTC midnight. */
function instantAt(dayUtc: number, minutes: number, zone: string): number {
  const wall = new Date(dayUtc + minutes * MINUTE_MS); // the wall-clock reading, spelled in UTC
  const fields = {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
  };
  const dt = DateTime.fromObject(fields, { zone });
  const exists =
    dt.year === fields.year &&
    dt.month === fields.month &&
    dt.day === fields.day &&
    dt.hour === fields.hour &&
    dt.minute === fields.minute;
  if (exists) return Math.min(...dt.getPossibleOffsets().map((d) => d.toMillis()));
  // Skipped: luxon moved the time forward by the gap, to an instant with the new offset. Reading
  // the wall time with that new offset gives an instant still before the transition (else the
  // wall time would exist); binary-search the first instant with the new offset in between.
  let lo = wall.getTime() - dt.offset * MINUTE_MS;
  let hi = dt.toMillis();
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dt.zone.offset(mid) === dt.offset) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The working time of `wh` in `timeZone` that lies inside `window`, as merged UTC intervals.
 * Works day by day over the local dates the window touches, so the cost is linear in the
 * window's length in days. Spans of consecutive days that meet (…-24:00 then 00:00-…) merge,
 * so ALWAYS yields the whole window as one interval. Throws on invalid hours or an unknown zone.
 */
export function workingIntervals(wh: WorkingHours, timeZone: string, window: Interval): Interval[] {
  if (!isValidTimeZone(timeZone)) throw new Error(`unknown time zone ${JSON.stringify(timeZone)}`);
  const spans = spansOf(wh);
  if (!(window.end > window.start)) return [];
  // The local dates of the window's first and last instants, as UTC midnights: stepping by
  // 24 h between them visits each calendar date once, whatever the zone's transitions.
  const localDate = (ms: number) => {
    const d = DateTime.fromMillis(ms, { zone: timeZone });
    return Date.UTC(d.year, d.month - 1, d.day);
  };
  const last = localDate(window.end - 1);
  // Speed: luxon's conversions cost tens of microseconds each. A day whose offset is the same
  // at the UTC midnights one day before through two days after it has no transition near it
  // (its wall times, at offsets of -12 to +14 h, all fall in that range; like luxon, this
  // assumes no two transitions within a day undo each other), so its boundaries are plain
  // arithmetic. Only days next to a transition take the careful path.
  const zone = IANAZone.create(timeZone);
  const offsets = new Map<number, number>(); // UTC midnight -> offset in minutes, shared by neighbouring days
  const offsetAt = (ms: number) => {
    let offset = offsets.get(ms);
    if (offset === undefined) offsets.set(ms, (offset = zone.offset(ms)));
    return offset;
  };
  const out: Interval[] = [];
  for (let day = localDate(window.start); day <= last; day += DAY_MS) {
    const weekday = WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7]!; // getUTCDay: 0 = Sunday
    if (spans[weekday].length === 0) continue;
    const offset = offsetAt(day - DAY_MS);
    const quiet = [day, day + DAY_MS, day + 2 * DAY_MS].every((ms) => offsetAt(ms) === offset);
    const instant = (minutes: number) =>
      quiet ? day + (minutes - offset) * MINUTE_MS : instantAt(day, minutes, timeZone);
    for (const [start, end] of spans[weekday]) out.push({ start: instant(start), end: instant(end) });
  }
  return clipToWindow(out, window);
}

export type CalendarHours = { workingHours: WorkingHours; timeZone: string };

/**
 * The time inside `window` that is working time in EVERY calendar (the attendees' common
 * hours). No calendars means no restriction: the whole window.
 */
export function commonWorkingIntervals(calendars: readonly CalendarHours[], window: Interval): Interval[] {
  return calendars.reduce(
    (common, c) => intersectIntervals(common, workingIntervals(c.workingHours, c.timeZone, window)),
    mergeIntervals([window]),
  );
}
