import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { busyByAttendee, type BusyEvent } from './freebusy.ts';
import type { Interval } from './intervals.ts';

const iv = (start: number, end: number): Interval => ({ start, end });
const ev = (start: number, end: number, ...attendees: string[]): BusyEvent => ({ start, end, attendees });

describe('busyByAttendee', () => {
  it('merges each attendee’s events and clips them to the window', () => {
    const events = [
      ev(10, 20, 'ann@x.io', 'bob@x.io'),
      ev(15, 25, 'ann@x.io'),
      ev(25, 30, 'ann@x.io'), // touches the previous one: merged
      ev(40, 50, 'bob@x.io'),
      ev(-10, 5, 'bob@x.io'), // starts before the window
      ev(95, 120, 'ann@x.io'), // ends after it
      ev(200, 300, 'ann@x.io'), // outside it
    ];
    assert.deepEqual(busyByAttendee(events, ['ann@x.io', 'bob@x.io'], iv(0, 100)), {
      'ann@x.io': [iv(10, 30), iv(95, 100)],
      'bob@x.io': [iv(0, 5), iv(10, 20), iv(40, 50)],
    });
  });

  it('lists free attendees with no busy time and ignores attendees not asked about', () => {
    const out = busyByAttendee([ev(10, 20, 'ann@x.io', 'eve@x.io')], ['ann@x.io', 'carl@x.io'], iv(0, 100));
    assert.deepEqual(out, { 'ann@x.io': [iv(10, 20)], 'carl@x.io': [] });
  });

  it('compares e-mail addresses case-blind and keys them lower-cased', () => {
    const out = busyByAttendee([ev(10, 20, 'Ann@X.io'), ev(30, 40, 'ann@x.io')], ['ANN@x.IO'], iv(0, 100));
    assert.deepEqual(out, { 'ann@x.io': [iv(10, 20), iv(30, 40)] });
  });

  it('ignores empty and inverted events, and returns nothing busy for an empty window', () => {
    assert.deepEqual(busyByAttendee([ev(10, 10, 'a'), ev(20, 15, 'a')], ['a'], iv(0, 100)), { a: [] });
    assert.deepEqual(busyByAttendee([ev(10, 20, 'a')], ['a'], iv(50, 50)), { a: [] });
    assert.deepEqual(busyByAttendee([ev(10, 20, 'a')], [], iv(0, 100)), {});
  });

  it('keeps an attendee named like an Object prototype property as plain data', () => {
    const out = busyByAttendee([ev(1, 2, '__proto__')], ['__proto__', 'constructor'], iv(0, 10));
    assert.deepEqual(Object.keys(out), ['__proto__', 'constructor']);
    assert.deepEqual(out['__proto__'], [iv(1, 2)]);
    assert.deepEqual(out['constructor'], []);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('reports exactly the instants in the window covered by the attendee’s events (cell model)', () => {
    const people = ['a', 'b', 'c'];
    const time = fc.integer({ min: -10, max: 60 });
    const eventArb = fc.record({ start: time, end: time, attendees: fc.subarray(people) });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 10 }), time, time, (events, from, to) => {
        const out = busyByAttendee(events, people, iv(from, to));
        for (const who of people) {
          const list = out[who]!;
          list.forEach((i, k) => assert.ok(i.start < i.end && (k === 0 || list[k - 1]!.end < i.start)));
          for (let p = -10; p < 60; p++) {
            const expected =
              from <= p && p < to && events.some((e) => e.attendees.includes(who) && e.start <= p && p < e.end);
            assert.equal(
              list.some((i) => i.start <= p && p < i.end),
              expected,
              `${who} at ${p}`,
            );
          }
        }
      }),
    );
  });
});
