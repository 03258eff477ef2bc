// Plain-language event creation for the Telegram bot (SPEC 3.4: "Meeting tomorrow 2pm" → an
// event; deterministic, no AI). English and German. Pure: the caller passes `now` and the time
// zone the words are meant in (the bot uses its calendar's zone), so the same text always gives
// the same event.
//
// What is understood (case-insensitive; the rest of the text is the title):
//   dates   today/heute, tomorrow/morgen, "day after tomorrow"/übermorgen,
//           "in 3 days"/"in 2 weeks"/"in 3 Tagen"/"in 2 Wochen",
//           weekdays (Monday … Sunday, Mon. Tue … Fri, Montag … Sonntag, Mo. … So.) optionally
//           with on/am and next/this/coming/nächsten/kommenden/diesen,
//           12.03. / 12.03.2026 / 12.3.26 / "am 12.03" / 2026-03-12,
//           "12 March", "12. März 2027", "March 12th", "March 12, 2027".
//   times   2pm, 2:30 p.m., 14:30, 14:30 Uhr, 10 Uhr, 9.30 Uhr, noon/mittags, midnight/Mitternacht,
//           and a bare hour only after at/um/gegen/@ ("um 9" = 09:00, never 21:00);
//           a day part (morning/früh/vormittags, afternoon/evening/tonight/nachmittags/abends)
//           moves a bare 1–11 o'clock into the afternoon: "heute abend um 8" = 20:00.
//   ranges  09:00-10:30, 2-3pm (the first inherits pm unless that would end before it starts),
//           "von 9 bis 10 Uhr", "from 9 to 11"; an end before the start ends the next day.
//   length  "for 45 minutes", "for 1.5 hours", "2h", "90 min", "für 30 Minuten", "eine Stunde",
//           "half an hour"; 1 minute to 7 days. Without range or length: `defaultDurationMinutes`.
//
// Decisions
//   - A weekday name always means the next such day AFTER today, never today itself ("Friday"
//     said on a Friday is a week later); "next"/"this" change nothing. To mean today, say today.
//   - A date without a year is its next occurrence: today or later this year, else next year.
//   - A time without a date is today when that time is still ahead, else tomorrow.
//   - A date without a time is refused (reason `no_time`) rather than guessed; so is text with
//     two dates, two times, or both an end time and a length (`ambiguous`).
//   - Slash dates (03/12) are refused as `ambiguous`: US and European order disagree.
//   - DST: wall-clock times are turned into instants like the working hours are
//     (scheduling/working-hours.ts): a time in the skipped hour becomes the transition instant
//     (02:30 on Europe/Berlin's spring-forward day → 03:00), a time in the repeated hour is its
//     first occurrence. Lengths are real elapsed time; an explicit end is a wall-clock time.
import { DateTime } from 'luxon';
import { isValidTimeZone, wallClockInstant } from '../scheduling/working-hours.ts';

export type ParseEventOptions = {
  now: Date;
  /** IANA zone the text's dates and times are meant in. */
  timeZone: string;
  /** Length of an event whose text gives no end and no length (default 60). */
  defaultDurationMinutes?: number;
};

export type ParseReason =
  | 'empty'
  | 'too_long'
  | 'no_when'
  | 'no_time'
  | 'no_title'
  | 'invalid_date'
  | 'invalid_time'
  | 'invalid_duration'
  | 'ambiguous';

export type ParsedEvent = { ok: true; title: string; start: Date; end: Date };
export type ParseFailure = { ok: false; reason: ParseReason; message: string };
export type ParseEventResult = ParsedEvent | ParseFailure;

export const MAX_TEXT_LENGTH = 500;
const MAX_DURATION_MINUTES = 7 * 24 * 60;
const MINUTE_MS = 60_000;

// Word boundaries that know letters beyond ASCII (\b does not: "übermorgen" has none before ü).
const L = '(?<![\\p{L}\\p{N}_])';
const R = '(?![\\p{L}\\p{N}_])';
// Replaces every recognised part of the text, so later patterns cannot match across it.
const MARK = '\u0001';

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, januar: 1, jänner: 1, jaenner: 1,
  february: 2, feb: 2, februar: 2,
  march: 3, mar: 3, märz: 3, maerz: 3, mär: 3, mrz: 3,
  april: 4, apr: 4,
  may: 5, mai: 5,
  june: 6, jun: 6, juni: 6,
  july: 7, jul: 7, juli: 7,
  august: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  october: 10, oct: 10, oktober: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dec: 12, dezember: 12, dez: 12,
}; // prettier-ignore
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

// ISO weekday numbers (Monday = 1). Short forms that are also common words (so, do, sat, sun,
// mi) only count with their dot.
const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, 'mon.': 1, montag: 1, 'mo.': 1,
  tuesday: 2, tue: 2, tues: 2, 'tue.': 2, dienstag: 2, 'di.': 2,
  wednesday: 3, wed: 3, 'wed.': 3, mittwoch: 3, 'mi.': 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, 'thu.': 4, donnerstag: 4, 'do.': 4,
  friday: 5, fri: 5, 'fri.': 5, freitag: 5, 'fr.': 5,
  saturday: 6, 'sat.': 6, samstag: 6, sonnabend: 6, 'sa.': 6,
  sunday: 7, 'sun.': 7, sonntag: 7, 'so.': 7,
}; // prettier-ignore
const WEEKDAY = `(${Object.keys(WEEKDAYS)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace('.', '\\.'))
  .join('|')})`;

const MERIDIEM = '[ap]\\.?m\\.?';
/** A time that is one on its own: with am/pm, with a colon, with Uhr, or a named one. */
const ATOM = `(?:\\d{1,2}(?::\\d{2})?\\s*${MERIDIEM}|\\d{1,2}:\\d{2}(?:\\s*uhr)?|\\d{1,2}(?:\\.\\d{2})?\\s*uhr|noon|mittags?|midnight|mitternacht)`;
/** A bare hour (9, 9:30): a time only after at/um/… or in a range. */
const BARE = '\\d{1,2}(?::\\d{2})?';
const TIME_PREFIX = '(?:at|um|gegen|ab|@)';
const RANGE_PREFIX = '(?:from|von|between|zwischen|at|um)';
const RANGE_SEPARATOR = '(?:-|–|—|to|till|until|bis|and|und)';

const re = (source: string) => new RegExp(source, 'giu');

type Clock = { minutes: number; meridiem: 'am' | 'pm' | null };
type LocalDate = { year: number; month: number; day: number };
type DatePart =
  | { kind: 'absolute'; date: LocalDate }
  | { kind: 'offset'; days: number }
  | { kind: 'weekday'; iso: number };

class Failure extends Error {
  readonly reason: ParseReason;
  constructor(reason: ParseReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Finds the single match of `pattern` in `text`, or none; two matches are `ambiguous`. */
function takeOne(text: string, pattern: RegExp, what: string): { text: string; match: RegExpExecArray | undefined } {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return { text, match: undefined };
  if (matches.length > 1)
    throw new Failure('ambiguous', `found more than one ${what}: ${matches.map((m) => `"${m[0].trim()}"`).join(', ')}`);
  const m = matches[0]!;
  return { text: text.slice(0, m.index) + MARK + text.slice(m.index + m[0].length), match: m as RegExpExecArray };
}

function parseClock(raw: string): Clock {
  const text = raw.toLowerCase().replace(/\s+/g, '');
  if (/^(noon|mittags?)$/.test(text)) return { minutes: 12 * 60, meridiem: null };
  if (/^(midnight|mitternacht)$/.test(text)) return { minutes: 0, meridiem: null };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(uhr|[ap]\.?m\.?)?$/.exec(text);
  if (!m) throw new Failure('invalid_time', `"${raw}" is not a time`);
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3] ?? '';
  const meridiem = suffix.startsWith('a') ? 'am' : suffix.startsWith('p') ? 'pm' : null;
  if (minute > 59) throw new Failure('invalid_time', `"${raw}" is not a time (minutes go up to 59)`);
  if (meridiem) {
    if (hour < 1 || hour > 12) throw new Failure('invalid_time', `"${raw}" is not a time (1 to 12 with am/pm)`);
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour > 23) throw new Failure('invalid_time', `"${raw}" is not a time (hours go up to 23)`);
  return { minutes: hour * 60 + minute, meridiem };
}

/** A clock without am/pm that a day part ("abends") or the other end of a range moves to pm. */
const toPm = (c: Clock): Clock =>
  c.meridiem === null && c.minutes >= 60 && c.minutes < 12 * 60 ? { ...c, minutes: c.minutes + 12 * 60 } : c;

function checkedDate(year: number, month: number, day: number, raw: string): LocalDate {
  const dt = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  if (!dt.isValid || dt.day !== day) throw new Failure('invalid_date', `"${raw}" is not a date`);
  return { year, month, day };
}

const fullYear = (y: string | undefined) =>
  y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y);

/** A date without a year: this year's if not yet past, else next year's. */
function nextOccurrence(month: number, day: number, today: LocalDate, raw: string): LocalDate {
  // Feb 29 without a year: the next year that has one.
  for (let year = today.year; year <= today.year + 8; year++) {
    const dt = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
    if (!dt.isValid || dt.day !== day) continue;
    if (year > today.year || month > today.month || (month === today.month && day >= today.day))
      return { year, month, day };
  }
  throw new Failure('invalid_date', `"${raw}" is not a date`);
}

type Extracted = {
  text: string;
  date?: DatePart;
  start?: Clock;
  end?: Clock;
  duration?: number;
  dayPart?: 'am' | 'pm';
};

/** Numeric and month-name dates (before times, whose patterns would read "12.03" as 12:03). */
function extractNumericDate(state: Extracted, today: LocalDate): void {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => LocalDate]> = [
    [
      re(`${L}(?:(?:on|am)\\s+)?(\\d{4})-(\\d{1,2})-(\\d{1,2})${R}`),
      (m) => checkedDate(Number(m[1]), Number(m[2]), Number(m[3]), m[0].trim()),
    ],
    [
      // 12.03. / 12.03.2026 / 12.3.26, or "am 12.03" (the prefix tells it from a time)
      re(
        `${L}(?:(?:on|am|den)\\s+)?(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})?(?![\\p{N}])|${L}(?:on|am|den)\\s+(\\d{1,2})\\.(\\d{1,2})(?![.\\p{N}])`,
      ),
      (m) => dayMonth(Number(m[1] ?? m[4]), Number(m[2] ?? m[5]), fullYear(m[3]), today, m[0].trim()),
    ],
    [
      re(`${L}(?:(?:on|am|den|the)\\s+)?(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4}))?${R}`),
      (m) => dayMonth(Number(m[1]), MONTHS[m[2]!.toLowerCase()]!, fullYear(m[3]), today, m[0].trim()),
    ],
    [
      re(`${L}(?:on\\s+)?${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${R}`),
      (m) => dayMonth(Number(m[2]), MONTHS[m[1]!.toLowerCase()]!, fullYear(m[3]), today, m[0].trim()),
    ],
  ];
  for (const [pattern, toDate] of patterns) {
    const { text, match } = takeOne(state.text, pattern, 'date');
    if (!match) continue;
    if (state.date) throw new Failure('ambiguous', `found more than one date (also "${match[0].trim()}")`);
    state.date = { kind: 'absolute', date: toDate(match) };
    state.text = text;
  }
}

function dayMonth(day: number, month: number, year: number | undefined, today: LocalDate, raw: string): LocalDate {
  if (month < 1 || month > 12) throw new Failure('invalid_date', `"${raw}" is not a date`);
  return year === undefined ? nextOccurrence(month, day, today, raw) : checkedDate(year, month, day, raw);
}

function extractDuration(state: Extracted): void {
  const unit = '(minutes?|minuten?|mins?|min\\.?|hours?|hrs?|hr|stunden?|std\\.?)';
  // Days only after for/für: "in 3 days" is a date.
  const pattern = re(
    `${L}(?:(?:for|für|lasting|dauer)\\s+)?(?:(\\d+(?:[.,]\\d+)?)\\s*${unit}|(\\d+(?:[.,]\\d+)?)([hm])|(an?|one|eine|einer)\\s+(hour|stunde)|(half an hour|a half hour|eine halbe stunde|einer halben stunde))${R}|${L}(?:for|für)\\s+(\\d+)\\s*(days?|tage[n]?)${R}`,
  );
  const { text, match: m } = takeOne(state.text, pattern, 'length');
  if (!m) return;
  let minutes: number;
  if (m[8] !== undefined) minutes = Number(m[8]) * 24 * 60;
  else if (m[1] !== undefined || m[3] !== undefined) {
    const amount = Number((m[1] ?? m[3])!.replace(',', '.'));
    const u = (m[2] ?? m[4])!.toLowerCase();
    minutes = /^(h|hours?|hrs?|hr|stunden?|std\.?)$/.test(u) ? amount * 60 : amount;
  } else minutes = m[6] !== undefined ? 60 : 30;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DURATION_MINUTES)
    throw new Failure('invalid_duration', `"${m[0].trim()}" is not a length between 1 minute and 7 days`);
  state.duration = minutes;
  state.text = text;
}

function extractTimes(state: Extracted): void {
  const side = `(${ATOM}|${BARE})`;
  const range = re(`${L}(${RANGE_PREFIX}\\s+)?${side}\\s*(${RANGE_SEPARATOR})\\s*${side}${R}`);
  const atomic = (s: string) => new RegExp(`^${ATOM}$`, 'iu').test(s.trim());
  for (const m of state.text.matchAll(range)) {
    const [whole, prefix, first, separator, second] = m as unknown as [
      string,
      string | undefined,
      string,
      string,
      string,
    ];
    // "9-10" alone could be anything (a score, a page range): it needs a prefix or a real time.
    if (!prefix && !atomic(first) && !atomic(second)) continue;
    // "and" separates a range only after between/zwischen ("9 and 10" is two numbers).
    if (/^(and|und)$/i.test(separator) && !/between|zwischen/i.test(prefix ?? '')) continue;
    let start = parseClock(first);
    const end = parseClock(second);
    // "2-3pm": the start takes the end's am/pm unless that would make it end before it starts
    // (or it is written 24-hour style: 09:00, 9 Uhr).
    if (start.meridiem === null && end.meridiem === 'pm' && !/^0|uhr/i.test(first.trim())) {
      const inherited = toPm(start);
      if (inherited.minutes < end.minutes) start = inherited;
    }
    state.start = start;
    state.end = end;
    state.text = state.text.slice(0, m.index) + MARK + state.text.slice(m.index + whole.length);
    break;
  }
  if (state.start) {
    // A second time anywhere else is a contradiction.
    const other = re(`${L}(?:${TIME_PREFIX}\\s+)?${ATOM}${R}`).exec(state.text);
    if (other) throw new Failure('ambiguous', `found more than one time (also "${other[0].trim()}")`);
    return;
  }
  const single = re(`${L}(?:(?:${TIME_PREFIX})\\s+)?(${ATOM})${R}|${L}${TIME_PREFIX}\\s+(${BARE})(?![.:,]?\\p{N})${R}`);
  const { text, match } = takeOne(state.text, single, 'time');
  if (!match) return;
  state.start = parseClock((match[1] ?? match[2])!);
  state.text = text;
}

function extractWordDate(state: Extracted): void {
  const dayParts = re(
    `${L}(?:(in the|am|in der)\\s+)?(morning|früh|frueh|vormittags?|morgens|afternoon|evening|tonight|nachmittags?|abends?)${R}`,
  );
  const part = takeOne(state.text, dayParts, 'time of day');
  if (part.match) {
    state.dayPart = /^(morning|früh|frueh|vormittags?|morgens)$/i.test(part.match[2]!) ? 'am' : 'pm';
    state.text = part.text;
    if (/^tonight$/i.test(part.match[2]!)) setDate(state, { kind: 'offset', days: 0 }, 'tonight');
  }
  const patterns: Array<[RegExp, (m: RegExpExecArray) => DatePart]> = [
    [re(`${L}(?:the\\s+)?day after tomorrow${R}|${L}(?:ü|ue)bermorgen${R}`), () => ({ kind: 'offset', days: 2 })],
    [re(`${L}(?:today|heute)${R}`), () => ({ kind: 'offset', days: 0 })],
    [re(`${L}(?:tomorrow|morgen)${R}`), () => ({ kind: 'offset', days: 1 })],
    [
      re(`${L}in\\s+(\\d{1,3}|a|one|einer|einem)\\s+(days?|tagen?|weeks?|wochen?)${R}`),
      (m) => {
        const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
        return { kind: 'offset', days: /^(weeks?|wochen?)$/i.test(m[2]!) ? n * 7 : n };
      },
    ],
    [
      re(
        `${L}(?:(?:on|am)\\s+)?(?:(?:next|this|coming|nächsten|nächster|nächste|naechsten|kommenden|kommender|diesen|diesem)\\s+)?${WEEKDAY}(?![\\p{L}\\p{N}_])`,
      ),
      (m) => ({ kind: 'weekday', iso: WEEKDAYS[m[1]!.toLowerCase()]! }),
    ],
  ];
  for (const [pattern, toDate] of patterns) {
    const { text, match } = takeOne(state.text, pattern, 'date');
    if (!match) continue;
    setDate(state, toDate(match), match[0].trim());
    state.text = text;
  }
}

function setDate(state: Extracted, date: DatePart, raw: string) {
  if (state.date) throw new Failure('ambiguous', `found more than one date (also "${raw}")`);
  state.date = date;
}

const CONNECTORS = /^(at|on|um|am|for|für|from|von|next|this|and|und|in|@|[-–—,;:.!?])$/i;

function titleOf(text: string): string {
  const words = text
    .split(MARK)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
  while (words.length && CONNECTORS.test(words[0]!)) words.shift();
  while (words.length && CONNECTORS.test(words[words.length - 1]!)) words.pop();
  return words
    .join(' ')
    .replace(/^[\s,;:.!?–—-]+|[\s,;:–—-]+$/gu, '')
    .trim();
}

function localToday(now: Date, zone: string): LocalDate {
  const dt = DateTime.fromJSDate(now, { zone });
  return { year: dt.year, month: dt.month, day: dt.day };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const dt = DateTime.fromObject(date, { zone: 'UTC' }).plus({ days });
  return { year: dt.year, month: dt.month, day: dt.day };
}

function resolveDate(part: DatePart, today: LocalDate): LocalDate {
  if (part.kind === 'absolute') return part.date;
  if (part.kind === 'offset') return addDays(today, part.days);
  const weekday = DateTime.fromObject(today, { zone: 'UTC' }).weekday;
  const ahead = (part.iso - weekday + 7) % 7 || 7; // never today: see the header
  return addDays(today, ahead);
}

const instant = (d: LocalDate, minutes: number, zone: string) =>
  new Date(wallClockInstant(d.year, d.month, d.day, minutes, zone));

/** Reads an event out of `text`; never throws. */
export function parseEvent(text: string, options: ParseEventOptions): ParseEventResult {
  const zone = options.timeZone;
  if (!isValidTimeZone(zone)) return { ok: false, reason: 'invalid_date', message: `unknown time zone ${zone}` };
  const normalized = (typeof text === 'string' ? text : '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!normalized) return { ok: false, reason: 'empty', message: 'the text is empty' };
  if (normalized.length > MAX_TEXT_LENGTH)
    return { ok: false, reason: 'too_long', message: `the text is longer than ${MAX_TEXT_LENGTH} characters` };
  try {
    const today = localToday(options.now, zone);
    const state: Extracted = { text: normalized.replaceAll(MARK, ' ') };
    extractNumericDate(state, today);
    extractDuration(state);
    extractTimes(state);
    extractWordDate(state);
    const slash = re(`${L}\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?${R}`).exec(state.text);
    if (slash)
      throw new Failure('ambiguous', `"${slash[0]}" could be day/month or month/day: write 12.03. or 2026-03-12`);
    if (!state.start && !state.date) return { ok: false, reason: 'no_when', message: 'no date or time found' };
    if (!state.start) return { ok: false, reason: 'no_time', message: 'a date but no time was found' };
    if (state.end && state.duration !== undefined)
      throw new Failure('ambiguous', 'gives both an end time and a length');
    let start = state.start;
    let end = state.end;
    if (state.dayPart === 'pm') {
      start = toPm(start);
      if (end) end = toPm(end);
    }
    const title = titleOf(state.text);
    if (!title) return { ok: false, reason: 'no_title', message: 'the text has no title besides the date and time' };
    let day: LocalDate;
    if (state.date) day = resolveDate(state.date, today);
    else {
      // Time only: today if still ahead, else tomorrow.
      day = today;
      if (instant(today, start.minutes, zone).getTime() <= options.now.getTime()) day = addDays(today, 1);
    }
    const startAt = instant(day, start.minutes, zone);
    let endAt: Date;
    if (end) {
      const endDay = end.minutes <= start.minutes ? addDays(day, 1) : day;
      endAt = instant(endDay, end.minutes, zone);
    } else {
      const minutes = state.duration ?? options.defaultDurationMinutes ?? 60;
      endAt = new Date(startAt.getTime() + minutes * MINUTE_MS);
    }
    if (endAt.getTime() <= startAt.getTime())
      // Only possible when a DST gap swallows the whole range (02:10-02:50 on spring-forward day).
      return { ok: false, reason: 'invalid_time', message: 'the time range does not exist on that day (DST)' };
    return { ok: true, title: title.slice(0, 500), start: startAt, end: endAt };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'no_when', message: 'the text could not be read' };
  }
}
