import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_TEXT_LENGTH, parseEvent, type ParseReason } from './parse-event.ts';

const BERLIN = 'Europe/Berlin';
// Tuesday 10 March 2026, 10:00 in Berlin (CET, +01:00).
const TUESDAY = new Date('2026-03-10T09:00:00Z');

type Ok = [text: string, title: string, start: string, end: string];

function okCases(now: Date, cases: Ok[], timeZone = BERLIN, defaultDurationMinutes?: number) {
  for (const [text, title, start, end] of cases) {
    it(text, () => {
      const result = parseEvent(text, { now, timeZone, defaultDurationMinutes });
      assert.ok(result.ok, `expected an event, got ${JSON.stringify(result)}`);
      assert.equal(result.title, title);
      assert.equal(result.start.toISOString(), new Date(start).toISOString(), 'start');
      assert.equal(result.end.toISOString(), new Date(end).toISOString(), 'end');
    });
  }
}

function failCases(now: Date, cases: Array<[text: string, reason: ParseReason, message?: RegExp]>) {
  for (const [text, reason, message] of cases) {
    it(`refuses ${JSON.stringify(text.length > 60 ? `${text.slice(0, 20)}…` : text)} (${reason})`, () => {
      const result = parseEvent(text, { now, timeZone: BERLIN });
      assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
      if (result.ok) return;
      assert.equal(result.reason, reason, result.message);
      if (message) assert.match(result.message, message);
    });
  }
}

describe('parseEvent: the examples', () => {
  okCases(TUESDAY, [
    ['Meeting tomorrow 2pm', 'Meeting', '2026-03-11T14:00+01:00', '2026-03-11T15:00+01:00'],
    ['Zahnarzt am Freitag um 9', 'Zahnarzt', '2026-03-13T09:00+01:00', '2026-03-13T10:00+01:00'],
    [
      'Call with Bob on 12.03. at 14:30 for 45 minutes',
      'Call with Bob',
      '2026-03-12T14:30+01:00',
      '2026-03-12T15:15+01:00',
    ],
    ['Team-Meeting übermorgen 10 Uhr', 'Team-Meeting', '2026-03-12T10:00+01:00', '2026-03-12T11:00+01:00'],
    ['Lunch today at noon', 'Lunch', '2026-03-10T12:00+01:00', '2026-03-10T13:00+01:00'],
    ['Review next Monday 09:00-10:30', 'Review', '2026-03-16T09:00+01:00', '2026-03-16T10:30+01:00'],
  ]);
});

describe('parseEvent: dates', () => {
  okCases(TUESDAY, [
    ['Standup tomorrow 9am', 'Standup', '2026-03-11T09:00+01:00', '2026-03-11T10:00+01:00'],
    ['Termin morgen um 8', 'Termin', '2026-03-11T08:00+01:00', '2026-03-11T09:00+01:00'],
    ['Retro the day after tomorrow at 4pm', 'Retro', '2026-03-12T16:00+01:00', '2026-03-12T17:00+01:00'],
    ['Sprint review in 2 weeks at 15:00', 'Sprint review', '2026-03-24T15:00+01:00', '2026-03-24T16:00+01:00'],
    ['Arzt in 3 Tagen um 11', 'Arzt', '2026-03-13T11:00+01:00', '2026-03-13T12:00+01:00'],
    ['Release 2026-04-02 at 10:00', 'Release', '2026-04-02T10:00+02:00', '2026-04-02T11:00+02:00'],
    ['Geburtstag 12.3.27 um 18 Uhr', 'Geburtstag', '2027-03-12T18:00+01:00', '2027-03-12T19:00+01:00'],
    ['Steuer am 31.03 um 9', 'Steuer', '2026-03-31T09:00+02:00', '2026-03-31T10:00+02:00'],
    ['Flight March 12th, 2027 at 7:15am', 'Flight', '2027-03-12T07:15+01:00', '2027-03-12T08:15+01:00'],
    ['Termin 12. März um 9', 'Termin', '2026-03-12T09:00+01:00', '2026-03-12T10:00+01:00'],
    ['Konzert am 3. Oktober 2026 20 Uhr', 'Konzert', '2026-10-03T20:00+02:00', '2026-10-03T21:00+02:00'],
    ['Dinner on 14 March at 7pm', 'Dinner', '2026-03-14T19:00+01:00', '2026-03-14T20:00+01:00'],
    // Weekdays: the next one after today; "next"/"this"/"kommenden" change nothing.
    ['Gym Tuesday at 18:00', 'Gym', '2026-03-17T18:00+01:00', '2026-03-17T19:00+01:00'],
    ['Gym this Wednesday at 18:00', 'Gym', '2026-03-11T18:00+01:00', '2026-03-11T19:00+01:00'],
    ['Putzen kommenden Sonntag 10 Uhr', 'Putzen', '2026-03-15T10:00+01:00', '2026-03-15T11:00+01:00'],
    ['Planung Do. 14:00', 'Planung', '2026-03-12T14:00+01:00', '2026-03-12T15:00+01:00'],
    ['Sync fri 8:30am', 'Sync', '2026-03-13T08:30+01:00', '2026-03-13T09:30+01:00'],
  ]);

  it('a weekday said on that weekday is a week later', () => {
    const friday = new Date('2026-03-13T07:00:00Z');
    const result = parseEvent('Zahnarzt am Freitag um 9', { now: friday, timeZone: BERLIN });
    assert.ok(result.ok);
    assert.equal(result.start.toISOString(), '2026-03-20T08:00:00.000Z');
  });

  it('a date without a year that has passed is next year’s; today’s is today', () => {
    const later = new Date('2026-03-13T07:00:00Z');
    const past = parseEvent('Anniversary 12.03. 18:00', { now: later, timeZone: BERLIN });
    assert.ok(past.ok);
    assert.equal(past.start.toISOString(), '2027-03-12T17:00:00.000Z');
    const today = parseEvent('Anniversary 13.03. 18:00', { now: later, timeZone: BERLIN });
    assert.ok(today.ok);
    assert.equal(today.start.toISOString(), '2026-03-13T17:00:00.000Z');
  });

  it('29 February without a year is the next leap day', () => {
    const result = parseEvent('Leap party 29.02. at 20:00', { now: TUESDAY, timeZone: BERLIN });
    assert.ok(result.ok);
    assert.equal(result.start.toISOString(), '2028-02-29T19:00:00.000Z');
  });

  it('"today" and "tomorrow" are days of the given time zone, not of UTC', () => {
    // 23:30 UTC on the 10th is already the 11th in Berlin and still the 10th in New York.
    const late = new Date('2026-03-10T23:30:00Z');
    const berlin = parseEvent('Call tomorrow 9:00', { now: late, timeZone: BERLIN });
    const newYork = parseEvent('Call tomorrow 9:00', { now: late, timeZone: 'America/New_York' });
    assert.ok(berlin.ok && newYork.ok);
    assert.equal(berlin.start.toISOString(), '2026-03-12T08:00:00.000Z');
    assert.equal(newYork.start.toISOString(), '2026-03-11T13:00:00.000Z');
  });
});

describe('parseEvent: times, ranges and lengths', () => {
  okCases(TUESDAY, [
    // A time without a date: today if still ahead (it is 10:00), else tomorrow.
    ['Standup 9am', 'Standup', '2026-03-11T09:00+01:00', '2026-03-11T10:00+01:00'],
    ['Standup 11am', 'Standup', '2026-03-10T11:00+01:00', '2026-03-10T12:00+01:00'],
    ['Mittagessen mittags', 'Mittagessen', '2026-03-10T12:00+01:00', '2026-03-10T13:00+01:00'],
    ['Deploy tomorrow at midnight', 'Deploy', '2026-03-11T00:00+01:00', '2026-03-11T01:00+01:00'],
    ['Call tomorrow 12am', 'Call', '2026-03-11T00:00+01:00', '2026-03-11T01:00+01:00'],
    ['Call tomorrow 12pm', 'Call', '2026-03-11T12:00+01:00', '2026-03-11T13:00+01:00'],
    ['Call tomorrow 2:30 p.m.', 'Call', '2026-03-11T14:30+01:00', '2026-03-11T15:30+01:00'],
    ['Frühstück morgen 9.30 Uhr', 'Frühstück', '2026-03-11T09:30+01:00', '2026-03-11T10:30+01:00'],
    ['Kino heute abend um 8', 'Kino', '2026-03-10T20:00+01:00', '2026-03-10T21:00+01:00'],
    ['Kino heute Abend von 8 bis 10', 'Kino', '2026-03-10T20:00+01:00', '2026-03-10T22:00+01:00'],
    ['Workshop tomorrow 2-3pm', 'Workshop', '2026-03-11T14:00+01:00', '2026-03-11T15:00+01:00'],
    ['Workshop tomorrow 11-1pm', 'Workshop', '2026-03-11T11:00+01:00', '2026-03-11T13:00+01:00'],
    ['Workshop tomorrow from 9 to 11', 'Workshop', '2026-03-11T09:00+01:00', '2026-03-11T11:00+01:00'],
    ['Sitzung morgen 10-11 Uhr', 'Sitzung', '2026-03-11T10:00+01:00', '2026-03-11T11:00+01:00'],
    ['Standup between 9 and 9:15 tomorrow', 'Standup', '2026-03-11T09:00+01:00', '2026-03-11T09:15+01:00'],
    ['Party Saturday 22:00-01:00', 'Party', '2026-03-14T22:00+01:00', '2026-03-15T01:00+01:00'],
    ['Deep work tomorrow 9am for 1.5 hours', 'Deep work', '2026-03-11T09:00+01:00', '2026-03-11T10:30+01:00'],
    ['Lesen morgen 20 Uhr für 30 Minuten', 'Lesen', '2026-03-11T20:00+01:00', '2026-03-11T20:30+01:00'],
    ['Yoga tomorrow 7am 90 min', 'Yoga', '2026-03-11T07:00+01:00', '2026-03-11T08:30+01:00'],
    ['Pairing tomorrow 13:00 2h', 'Pairing', '2026-03-11T13:00+01:00', '2026-03-11T15:00+01:00'],
    ['Telefonat morgen um 9 eine halbe Stunde', 'Telefonat', '2026-03-11T09:00+01:00', '2026-03-11T09:30+01:00'],
    ['Coffee tomorrow 3pm for an hour', 'Coffee', '2026-03-11T15:00+01:00', '2026-03-11T16:00+01:00'],
    ['Retreat tomorrow 9am for 2 days', 'Retreat', '2026-03-11T09:00+01:00', '2026-03-13T09:00+01:00'],
    // Titles keep their own words, numbers and letters beyond ASCII.
    ['Café mit Jürgen morgen 8 Uhr', 'Café mit Jürgen', '2026-03-11T08:00+01:00', '2026-03-11T09:00+01:00'],
    ['Review PR 42 tomorrow at 4pm', 'Review PR 42', '2026-03-11T16:00+01:00', '2026-03-11T17:00+01:00'],
    ['Tomorrow at 9: planning, budget', 'planning, budget', '2026-03-11T09:00+01:00', '2026-03-11T10:00+01:00'],
  ]);

  describe('the default length comes from the caller', () => {
    okCases(
      TUESDAY,
      [['Check-in tomorrow 9am', 'Check-in', '2026-03-11T09:00+01:00', '2026-03-11T09:30+01:00']],
      BERLIN,
      30,
    );
  });
});

describe('parseEvent: DST days in Europe/Berlin', () => {
  // 29 March 2026: 02:00 CET jumps to 03:00 CEST. 25 October 2026: 03:00 CEST falls back to 02:00 CET.
  const beforeSpring = new Date('2026-03-28T09:00:00Z');
  const beforeAutumn = new Date('2026-10-24T08:00:00Z');
  okCases(beforeSpring, [
    ['Brunch tomorrow at 10:00', 'Brunch', '2026-03-29T10:00+02:00', '2026-03-29T11:00+02:00'],
    // 02:30 does not exist that night: the event starts at the transition, 03:00 CEST.
    ['Backup tomorrow at 2:30', 'Backup', '2026-03-29T03:00+02:00', '2026-03-29T04:00+02:00'],
    // An explicit range is wall-clock: 01:00-04:00 lasts two real hours that night.
    ['Nachtschicht morgen 01:00-04:00', 'Nachtschicht', '2026-03-29T01:00+01:00', '2026-03-29T04:00+02:00'],
    // A length is elapsed time: 90 minutes from 01:30 CET end at 04:00 CEST.
    ['Wartung morgen 1:30 Uhr für 90 Minuten', 'Wartung', '2026-03-29T01:30+01:00', '2026-03-29T04:00+02:00'],
  ]);
  okCases(beforeAutumn, [
    // 02:30 happens twice: the first one (CEST) counts.
    ['Backup tomorrow at 2:30', 'Backup', '2026-10-25T02:30+02:00', '2026-10-25T02:30+01:00'],
    ['Nachtschicht morgen 01:00-04:00', 'Nachtschicht', '2026-10-25T01:00+02:00', '2026-10-25T04:00+01:00'],
    ['Brunch tomorrow at 10:00', 'Brunch', '2026-10-25T10:00+01:00', '2026-10-25T11:00+01:00'],
  ]);

  it('a range inside the skipped hour does not exist', () => {
    const result = parseEvent('Ghost tomorrow 02:10-02:50', { now: beforeSpring, timeZone: BERLIN });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.reason, 'invalid_time');
  });
});

describe('parseEvent: what it refuses', () => {
  failCases(TUESDAY, [
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['x'.repeat(MAX_TEXT_LENGTH + 1), 'too_long'],
    ['Hello there', 'no_when'],
    ['Buy milk', 'no_when'],
    ['Score was 9-10', 'no_when'],
    ['Dentist Friday', 'no_time'],
    ['Meeting tomorrow 9-10', 'no_time'],
    ['tomorrow 2pm', 'no_title'],
    ['am Freitag um 9', 'no_title'],
    ['Party 30.02. 20:00', 'invalid_date', /30\.02\./],
    ['Party 2026-13-01 20:00', 'invalid_date'],
    ['Meeting tomorrow 25:00', 'invalid_time'],
    ['Meeting tomorrow 13pm', 'invalid_time'],
    ['Meeting tomorrow 9:75', 'invalid_time'],
    ['Meeting tomorrow 9am for 0 minutes', 'invalid_duration'],
    ['Trip tomorrow 9am for 8 days', 'invalid_duration'],
    ['Meeting tomorrow 9am for 2.5 minutes', 'invalid_duration'],
    ['Meeting tomorrow 2pm and Friday 3pm', 'ambiguous', /more than one/],
    ['Meeting tomorrow and Friday at 3pm', 'ambiguous', /more than one date/],
    ['Meeting 9:00-10:00 tomorrow for 30 minutes', 'ambiguous', /end time and a length/],
    ['Meeting 03/12 at 9', 'ambiguous', /day\/month/],
  ]);

  it('an unknown time zone is a refusal, not an exception', () => {
    const result = parseEvent('Meeting tomorrow 2pm', { now: TUESDAY, timeZone: 'Mars/Olympus' });
    assert.equal(result.ok, false);
  });
});

describe('parseEvent: properties', () => {
  it('never throws, and every event it reads ends after it starts and has a title', () => {
    const words = fc.constantFrom(
      'Meeting', 'tomorrow', 'morgen', 'übermorgen', 'am', 'um', 'at', 'on', 'Freitag', 'next', 'Monday', '2pm',
      '9', '14:30', '10 Uhr', '12.03.', '2026-03-29', 'for', '45 minutes', '-', 'bis', 'von', 'noon', 'abends',
      '2:30', '29.02.', '03/12', 'in', '3', 'Tagen', 'März', 'with', 'Bob', '🙂', '\u0001',
    ); // prettier-ignore
    fc.assert(
      fc.property(
        fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 12 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.constantFrom(BERLIN, 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'),
        (parts, now, timeZone) => {
          const result = parseEvent(parts.join(' '), { now, timeZone });
          if (result.ok) {
            assert.ok(result.end.getTime() > result.start.getTime());
            assert.ok(result.title.length > 0 && !result.title.includes('\u0001'));
          } else assert.ok(result.message.length > 0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is deterministic: the same text and now give the same event', () => {
    const a = parseEvent('Review next Monday 09:00-10:30', { now: TUESDAY, timeZone: BERLIN });
    const b = parseEvent('Review next Monday 09:00-10:30', { now: new Date(TUESDAY), timeZone: BERLIN });
    assert.deepEqual(a, b);
  });
});
