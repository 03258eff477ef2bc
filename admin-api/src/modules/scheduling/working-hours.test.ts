import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { clipToWindow, type Interval } from './intervals.ts';
import {
  ALWAYS,
  commonWorkingIntervals,
  isValidTimeZone,
  parseWorkingHours,
  WEEKDAYS,
  wallClockInstant,
  workingIntervals,
  type WorkingHours,
} from './working-hours.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const win = (from: string, to: string): Interval => ({ start: at(from), end: at(to) });
// Intervals as ISO strings, so a failing DST case reads like the calendar it describes.
const show = (list: Interval[]) =>
  list.map((i) => `${new Date(i.start).toISOString()}/${new Date(i.end).toISOString()}`);
const hours = (list: Interval[]) => list.map((i) => (i.end - i.start) / HOUR);

const OFFICE: WorkingHours = {
  mon: ['09:00-17:00'],
  tue: ['09:00-17:00'],
  wed: ['09:00-12:00', '13:00-17:00'],
  thu: ['09:00-17:00'],
  fri: ['09:00-15:00'],
  sat: [],
};

describe('parseWorkingHours', () => {
  it('returns a clean copy in mon..sun order, leaving missing days out', () => {
    const raw = { fri: ['09:00-15:00'], mon: ['13:00-24:00', '00:00-08:30'], sun: [] };
    const parsed = parseWorkingHours(raw);
    assert.deepEqual(parsed, { mon: ['13:00-24:00', '00:00-08:30'], fri: ['09:00-15:00'], sun: [] });
    assert.deepEqual(Object.keys(parsed), ['mon', 'fri', 'sun']);
    assert.notEqual(parsed.mon, raw.mon);
    assert.deepEqual(parseWorkingHours({}), {});
    assert.deepEqual(parseWorkingHours(ALWAYS), ALWAYS);
  });

  it('accepts overlapping spans within a day (they merge)', () => {
    assert.deepEqual(parseWorkingHours({ mon: ['09:00-12:00', '11:00-17:00'] }), {
      mon: ['09:00-12:00', '11:00-17:00'],
    });
  });

  const bad: [unknown, RegExp][] = [
    [null, /^Error: working_hours must be an object/],
    [[], /^Error: working_hours must be an object/],
    ['09:00-17:00', /^Error: working_hours must be an object/],
    [{ monday: ['09:00-17:00'] }, /working_hours\.monday: unknown day \(expected one of mon, tue/],
    [{ mon: '09:00-17:00' }, /working_hours\.mon must be a list/],
    [{ tue: ['09:00-17:00', '9:00-17:00'] }, /working_hours\.tue\[1\]: "9:00-17:00" is not a span "HH:MM-HH:MM"/],
    [{ wed: ['09:00 - 17:00'] }, /working_hours\.wed\[0\]: .* is not a span/],
    [{ wed: ['09:00-17:00 '] }, /is not a span/],
    [{ wed: ['09:60-10:00'] }, /is not a span/],
    [{ wed: ['25:00-26:00'] }, /is not a span/],
    [{ wed: ['23:00-24:01'] }, /is not a span/],
    [{ wed: ['24:00-24:00'] }, /is not a span/], // 24:00 only ends a span
    [{ wed: [900] }, /working_hours\.wed\[0\]: 900 is not a span/],
    [{ thu: ['17:00-09:00'] }, /working_hours\.thu\[0\]: "17:00-09:00" must end after it starts \(split overnight/],
    [{ thu: ['09:00-09:00'] }, /must end after it starts/],
  ];
  for (const [raw, message] of bad)
    it(`refuses ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => parseWorkingHours(raw),
        (e: unknown) => e instanceof Error && message.test(String(e)),
      );
    });
});

describe('workingIntervals in UTC', () => {
  it('lays the spans out day by day, skipping empty and missing days', () => {
    // 2026-03-02 is a Monday.
    const out = workingIntervals(OFFICE, 'UTC', win('2026-03-02T00:00Z', '2026-03-09T00:00Z'));
    assert.deepEqual(show(out), [
      '2026-03-02T09:00:00.000Z/2026-03-02T17:00:00.000Z',
      '2026-03-03T09:00:00.000Z/2026-03-03T17:00:00.000Z',
      '2026-03-04T09:00:00.000Z/2026-03-04T12:00:00.000Z',
      '2026-03-04T13:00:00.000Z/2026-03-04T17:00:00.000Z',
      '2026-03-05T09:00:00.000Z/2026-03-05T17:00:00.000Z',
      '2026-03-06T09:00:00.000Z/2026-03-06T15:00:00.000Z',
    ]);
  });

  it('clips the spans to the window', () => {
    const out = workingIntervals(OFFICE, 'UTC', win('2026-03-02T10:30Z', '2026-03-03T12:00Z'));
    assert.deepEqual(show(out), [
      '2026-03-02T10:30:00.000Z/2026-03-02T17:00:00.000Z',
      '2026-03-03T09:00:00.000Z/2026-03-03T12:00:00.000Z',
    ]);
  });

  it('merges a span ending at 24:00 with the next day starting at 00:00, and overlapping spans', () => {
    const wh = { mon: ['20:00-24:00', '08:00-12:00', '10:00-13:00'], tue: ['00:00-02:00'], wed: ['22:00-24:00'] };
    const out = workingIntervals(wh, 'UTC', win('2026-03-02T00:00Z', '2026-03-05T00:00Z'));
    assert.deepEqual(show(out), [
      '2026-03-02T08:00:00.000Z/2026-03-02T13:00:00.000Z',
      '2026-03-02T20:00:00.000Z/2026-03-03T02:00:00.000Z',
      '2026-03-04T22:00:00.000Z/2026-03-05T00:00:00.000Z',
    ]);
  });

  it('is empty for no working hours, and for an empty or inverted window', () => {
    assert.deepEqual(workingIntervals({}, 'UTC', win('2026-03-02T00:00Z', '2026-03-30T00:00Z')), []);
    assert.deepEqual(workingIntervals(OFFICE, 'UTC', win('2026-03-07T00:00Z', '2026-03-09T00:00Z')), []);
    assert.deepEqual(workingIntervals(OFFICE, 'UTC', win('2026-03-02T10:00Z', '2026-03-02T10:00Z')), []);
    assert.deepEqual(workingIntervals(OFFICE, 'UTC', win('2026-03-03T10:00Z', '2026-03-02T10:00Z')), []);
  });

  it('refuses an unknown zone and invalid hours', () => {
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    const w = win('2026-03-02T00:00Z', '2026-03-03T00:00Z');
    assert.throws(() => workingIntervals(OFFICE, 'Mars/Olympus', w), /unknown time zone "Mars\/Olympus"/);
    assert.throws(() => wallClockInstant(2026, 3, 2, 0, 'Mars/Olympus'), /unknown time zone/);
    assert.throws(() => workingIntervals({ mon: ['9-17'] }, 'UTC', w), /working_hours\.mon\[0\]/);
  });
});

describe('workingIntervals across zones and DST', () => {
  it('uses the local date, which may differ from the UTC date at the window edges', () => {
    // 2026-03-01 00:00Z is Sunday 09:00 in Tokyo; Monday 09:00 JST is 2026-03-02 00:00Z.
    assert.deepEqual(show(workingIntervals(OFFICE, 'Asia/Tokyo', win('2026-03-01T00:00Z', '2026-03-02T04:00Z'))), [
      '2026-03-02T00:00:00.000Z/2026-03-02T04:00:00.000Z',
    ]);
    // 2026-03-03 00:00Z is still Monday 16:00 in Los Angeles: Monday's span reaches into the window.
    assert.deepEqual(
      show(workingIntervals(OFFICE, 'America/Los_Angeles', win('2026-03-03T00:00Z', '2026-03-04T00:00Z'))),
      ['2026-03-03T00:00:00.000Z/2026-03-03T01:00:00.000Z', '2026-03-03T17:00:00.000Z/2026-03-04T00:00:00.000Z'],
    );
  });

  it('Europe/Berlin on spring-forward day (2026-03-29): 01:00-04:00 lasts 2 hours', () => {
    const out = workingIntervals(
      { sun: ['01:00-04:00'] },
      'Europe/Berlin',
      win('2026-03-28T00:00Z', '2026-03-30T00:00Z'),
    );
    assert.deepEqual(show(out), ['2026-03-29T00:00:00.000Z/2026-03-29T02:00:00.000Z']); // 01:00+01 .. 04:00+02
    assert.deepEqual(hours(out), [2]);
  });

  it('Europe/Berlin on fall-back day (2026-10-25): 01:00-04:00 lasts 4 hours', () => {
    const out = workingIntervals(
      { sun: ['01:00-04:00'] },
      'Europe/Berlin',
      win('2026-10-24T00:00Z', '2026-10-26T00:00Z'),
    );
    assert.deepEqual(show(out), ['2026-10-24T23:00:00.000Z/2026-10-25T03:00:00.000Z']); // 01:00+02 .. 04:00+01
    assert.deepEqual(hours(out), [4]);
  });

  it('moves a boundary in the skipped hour forward to the first valid instant (03:00 local)', () => {
    const day = win('2026-03-28T22:00Z', '2026-03-30T00:00Z');
    const tz = 'Europe/Berlin';
    // 02:30 does not exist; the span starts at 03:00+02 = 01:00Z (luxon alone would say 03:30).
    assert.deepEqual(show(workingIntervals({ sun: ['02:30-05:00'] }, tz, day)), [
      '2026-03-29T01:00:00.000Z/2026-03-29T03:00:00.000Z',
    ]);
    // Ending in the gap: 00:00+01 .. 03:00+02.
    assert.deepEqual(show(workingIntervals({ sun: ['00:00-02:30'] }, tz, day)), [
      '2026-03-28T23:00:00.000Z/2026-03-29T01:00:00.000Z',
    ]);
    // Entirely inside the gap: no working time at all.
    assert.deepEqual(workingIntervals({ sun: ['02:00-02:59'] }, tz, day), []);
  });

  it('takes the first occurrence of a boundary in the repeated hour', () => {
    const day = win('2026-10-24T22:00Z', '2026-10-26T00:00Z');
    // 02:30 happens at 00:30Z (+02) and again at 01:30Z (+01); the first counts.
    assert.deepEqual(show(workingIntervals({ sun: ['02:30-05:00'] }, 'Europe/Berlin', day)), [
      '2026-10-25T00:30:00.000Z/2026-10-25T04:00:00.000Z',
    ]);
    assert.deepEqual(show(workingIntervals({ sun: ['00:00-02:30'] }, 'Europe/Berlin', day)), [
      '2026-10-24T22:00:00.000Z/2026-10-25T00:30:00.000Z',
    ]);
  });

  it('keeps ordinary days at their own offset on either side of the change', () => {
    const out = workingIntervals(OFFICE, 'Europe/Berlin', win('2026-03-27T00:00Z', '2026-03-31T00:00Z'));
    assert.deepEqual(show(out), [
      '2026-03-27T08:00:00.000Z/2026-03-27T14:00:00.000Z', // Friday, +01
      '2026-03-30T07:00:00.000Z/2026-03-30T15:00:00.000Z', // Monday, +02
    ]);
  });

  it('America/New_York changes on other dates (2026-03-08 and 2026-11-01)', () => {
    const tz = 'America/New_York';
    const spring = workingIntervals({ sun: ['00:00-04:00'] }, tz, win('2026-03-08T00:00Z', '2026-03-09T12:00Z'));
    assert.deepEqual(show(spring), ['2026-03-08T05:00:00.000Z/2026-03-08T08:00:00.000Z']);
    const fall = workingIntervals({ sun: ['00:00-04:00'] }, tz, win('2026-11-01T00:00Z', '2026-11-02T12:00Z'));
    assert.deepEqual(show(fall), ['2026-11-01T04:00:00.000Z/2026-11-01T09:00:00.000Z']);
    assert.deepEqual(hours(spring), [3]);
    assert.deepEqual(hours(fall), [5]);
    // The skipped hour here is 02:00-03:00 local as well.
    assert.deepEqual(
      show(workingIntervals({ sun: ['02:15-03:30'] }, tz, win('2026-03-08T00:00Z', '2026-03-09T00:00Z'))),
      ['2026-03-08T07:00:00.000Z/2026-03-08T07:30:00.000Z'],
    );
  });

  it('gives a day the zone skipped entirely no working time (Pacific/Apia, 2011-12-30)', () => {
    const wh = { thu: ['09:00-17:00'], fri: ['00:00-24:00'], sat: ['09:00-10:00'] };
    assert.deepEqual(show(workingIntervals(wh, 'Pacific/Apia', win('2011-12-29T00:00Z', '2012-01-01T00:00Z'))), [
      '2011-12-29T19:00:00.000Z/2011-12-30T03:00:00.000Z', // Thursday 29th at -10
      '2011-12-30T19:00:00.000Z/2011-12-30T20:00:00.000Z', // Saturday 31st at +14
    ]);
  });

  const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Apia'];
  // Windows over 2026 (both DST changes) in whole minutes, up to ~10 days long.
  const YEAR_START = at('2026-01-01T00:00Z');
  const windowArb = fc
    .tuple(fc.integer({ min: 0, max: 365 * 1440 }), fc.integer({ min: 0, max: 10 * 1440 }))
    .map(([from, length]) => ({ start: YEAR_START + from * 60_000, end: YEAR_START + (from + length) * 60_000 }));

  it('gives ALWAYS as the whole window, in any zone, across DST changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), windowArb, (tz, w) => {
        assert.deepEqual(workingIntervals(ALWAYS, tz, w), w.end > w.start ? [w] : []);
      }),
    );
  });

  it('does not depend on where the window starts: a window is a clip of a larger one', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
      .filter(([s, e]) => s < e)
      .map(([s, e]) => {
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        return `${hhmm(s)}-${hhmm(e)}`;
      });
    const hoursArb = fc.dictionary(
      fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
      fc.array(span, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), hoursArb, windowArb, (tz, wh, w) => {
        const wide = { start: w.start - 3 * 86_400_000, end: w.end + 3 * 86_400_000 };
        const out = workingIntervals(wh, tz, w);
        assert.deepEqual(out, clipToWindow(workingIntervals(wh, tz, wide), w));
        for (const i of out) assert.ok(w.start <= i.start && i.end <= w.end && i.start < i.end);
      }),
      { numRuns: 200 },
    );
  });
});

describe('wallClockInstant', () => {
  // Reference: scan the zone's wall clock minute by minute (luxon's zone offset as the oracle)
  // and take the first instant whose local date and time is the boundary or later.
  const MIN = 60_000;
  function scan(zone: string, year: number, month: number, day: number) {
    const midnight = Date.UTC(year, month - 1, day);
    const z = IANAZone.create(zone);
    const clock: [number, number][] = [];
    for (let t = midnight - 15 * HOUR; t <= midnight + 39 * HOUR; t += MIN) clock.push([t, t + z.offset(t) * MIN]);
    return (minutes: number) => clock.find(([, wall]) => wall >= midnight + minutes * MIN)![0];
  }
  const days: [string, number, number, number][] = [
    ['Europe/Berlin', 2026, 3, 29],
    ['Europe/Berlin', 2026, 10, 25],
    ['Europe/Berlin', 2026, 6, 15],
    ['America/New_York', 2026, 3, 8],
    ['America/New_York', 2026, 11, 1],
    ['Australia/Lord_Howe', 2026, 4, 5], // half-hour DST
    ['Australia/Lord_Howe', 2026, 10, 4],
    ['America/Sao_Paulo', 2018, 11, 4], // midnight skipped: the day starts at 01:00
    ['America/Havana', 2026, 11, 1], // falls back from 01:00 to 00:00
    ['Pacific/Apia', 2011, 12, 30], // the whole day skipped
  ];
  for (const [zone, y, m, d] of days)
    it(`matches a minute-by-minute scan of the wall clock: ${zone} ${y}-${m}-${d}`, () => {
      const expected = scan(zone, y, m, d);
      for (let minutes = 0; minutes <= 1440; minutes += 15)
        assert.equal(wallClockInstant(y, m, d, minutes, zone), expected(minutes), `${minutes} min`);
    });

  // workingIntervals computes days away from any transition by plain arithmetic: it must agree.
  it('agrees with workingIntervals for one span on any day', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata'];
    const dayArb = fc.oneof(
      fc.integer({ min: 0, max: 13_000 }).map((n) => Date.UTC(2000, 0, 1 + n)),
      fc
        .tuple(
          fc.constantFrom('2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2018-11-04'),
          fc.integer({ min: -3, max: 3 }),
        )
        .map(([date, shift]) => Date.parse(`${date}T00:00Z`) + shift * 86_400_000),
    );
    const spanArb = fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
      .filter(([s, e]) => s < e);
    fc.assert(
      fc.property(fc.constantFrom(...zones), dayArb, spanArb, (zone, dayUtc, [s, e]) => {
        const date = new Date(dayUtc);
        const ymd = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()] as const;
        const start = wallClockInstant(...ymd, s, zone);
        const end = wallClockInstant(...ymd, e, zone);
        const hhmm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
        const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
        const w = { start: start - 3 * 86_400_000, end: end + 3 * 86_400_000 };
        assert.deepEqual(
          workingIntervals({ [weekday]: [`${hhmm(s)}-${hhmm(e)}`] }, zone, w),
          start < end ? [{ start, end }] : [],
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('commonWorkingIntervals', () => {
  it('intersects the calendars: Berlin and New York share 3 hours while only the US is on summer time', () => {
    const nineToFive = { mon: ['09:00-17:00'], tue: ['09:00-17:00'] };
    const calendars = [
      { workingHours: nineToFive, timeZone: 'Europe/Berlin' },
      { workingHours: nineToFive, timeZone: 'America/New_York' },
    ];
    // Tuesday 2026-03-10: Berlin +01 (08:00Z-16:00Z), New York -04 (13:00Z-21:00Z).
    assert.deepEqual(show(commonWorkingIntervals(calendars, win('2026-03-10T00:00Z', '2026-03-11T00:00Z'))), [
      '2026-03-10T13:00:00.000Z/2026-03-10T16:00:00.000Z',
    ]);
    // Tuesday 2026-03-31: both on summer time, 2 hours.
    assert.deepEqual(show(commonWorkingIntervals(calendars, win('2026-03-31T00:00Z', '2026-04-01T00:00Z'))), [
      '2026-03-31T13:00:00.000Z/2026-03-31T15:00:00.000Z',
    ]);
  });

  it('is the whole window without calendars (no restriction)', () => {
    const w = win('2026-03-10T00:00Z', '2026-03-11T00:00Z');
    assert.deepEqual(commonWorkingIntervals([], w), [w]);
    assert.deepEqual(commonWorkingIntervals([{ workingHours: ALWAYS, timeZone: 'Asia/Kolkata' }], w), [w]);
  });
});
