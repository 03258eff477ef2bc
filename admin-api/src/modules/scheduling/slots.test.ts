import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Interval } from './intervals.ts';
import { DEFAULT_STEP_MS, freeIntervals, suggestSlots, type SlotQuery } from './slots.ts';
import { workingIntervals } from './working-hours.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
// Monday 2026-03-02 in UTC; times of day as 'HH:MM'.
const DAY = Date.parse('2026-03-02T00:00Z');
const t = (hhmm: string) => DAY + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * MIN;
const span = (from: string, to: string): Interval => ({ start: t(from), end: t(to) });
const clock = (list: Interval[]) =>
  list.map((i) => `${new Date(i.start).toISOString().slice(11, 16)}-${new Date(i.end).toISOString().slice(11, 16)}`);

const OFFICE_DAY = [span('09:00', '17:00')];
const query = (q: Partial<SlotQuery>): SlotQuery => ({
  busy: [],
  working: OFFICE_DAY,
  durationMs: HOUR,
  bufferMs: 0,
  window: span('00:00', '23:59'),
  count: 3,
  ...q,
});

describe('suggestSlots', () => {
  it('suggests the earliest free slots, one after the other, honouring the buffer', () => {
    const busy = [span('09:00', '10:00')];
    assert.deepEqual(clock(suggestSlots(query({ busy, bufferMs: 15 * MIN }))), [
      '10:15-11:15',
      '11:15-12:15',
      '12:15-13:15',
    ]);
    assert.deepEqual(clock(suggestSlots(query({ busy }))), ['10:00-11:00', '11:00-12:00', '12:00-13:00']);
  });

  it("takes every attendee's events, unsorted and overlapping", () => {
    const busy = [span('13:00', '15:00'), span('09:00', '10:30'), span('10:00', '11:00'), span('11:30', '12:00')];
    assert.deepEqual(clock(suggestSlots(query({ busy, count: 5 }))), ['12:00-13:00', '15:00-16:00', '16:00-17:00']);
    assert.deepEqual(clock(suggestSlots(query({ busy, durationMs: 30 * MIN, count: 5 }))), [
      '11:00-11:30',
      '12:00-12:30',
      '12:30-13:00',
      '15:00-15:30',
      '15:30-16:00',
    ]);
  });

  it('lets a slot touch the buffer but not enter it', () => {
    const busy = [span('10:00', '11:00')];
    assert.deepEqual(clock(suggestSlots(query({ busy, bufferMs: 15 * MIN, durationMs: 45 * MIN }))), [
      '09:00-09:45',
      '11:15-12:00',
      '12:00-12:45',
    ]);
  });

  it('applies the buffer of events just outside the window', () => {
    const window = span('09:00', '17:00');
    const busy = [span('08:00', '08:50'), span('17:10', '18:00')];
    // 08:50 + 15 min = 09:05, aligned to 09:15; 17:10 - 15 min = 16:55 ends the last slot.
    const slots = suggestSlots(query({ busy, bufferMs: 15 * MIN, window, working: [window], count: 100 }));
    assert.deepEqual(clock(slots), [
      '09:15-10:15',
      '10:15-11:15',
      '11:15-12:15',
      '12:15-13:15',
      '13:15-14:15',
      '14:15-15:15',
      '15:15-16:15',
    ]);
  });

  it('handles busy time that starts before the window', () => {
    const busy = [span('07:00', '10:00')];
    const window = span('09:00', '12:00');
    assert.deepEqual(clock(suggestSlots(query({ busy, window }))), ['10:00-11:00', '11:00-12:00']);
    assert.deepEqual(clock(suggestSlots(query({ busy, window, bufferMs: 10 * MIN }))), ['10:15-11:15']);
  });

  it('returns fewer slots than asked for when the window runs out, and none when nothing fits', () => {
    assert.equal(suggestSlots(query({ count: 50 })).length, 8);
    assert.deepEqual(suggestSlots(query({ durationMs: 9 * HOUR })), []);
    assert.deepEqual(suggestSlots(query({ working: [] })), []);
    assert.deepEqual(suggestSlots(query({ count: 0 })), []);
    assert.deepEqual(suggestSlots(query({ window: span('12:00', '12:00') })), []);
  });

  it('aligns starts to the step on the UTC epoch grid', () => {
    const working = [span('09:10', '12:00')];
    assert.deepEqual(clock(suggestSlots(query({ working }))), ['09:15-10:15', '10:15-11:15']);
    assert.deepEqual(clock(suggestSlots(query({ working, stepMs: 5 * MIN }))), ['09:10-10:10', '10:10-11:10']);
    // After a 50 min slot the next one starts at the next step, not right at its end.
    assert.deepEqual(clock(suggestSlots(query({ durationMs: 50 * MIN }))), [
      '09:00-09:50',
      '10:00-10:50',
      '11:00-11:50',
    ]);
    assert.deepEqual(clock(suggestSlots(query({ stepMs: HOUR, working: [span('09:10', '17:00')] }))), [
      '10:00-11:00',
      '11:00-12:00',
      '12:00-13:00',
    ]);
  });

  it('suggests nothing before notBefore ("now")', () => {
    assert.deepEqual(clock(suggestSlots(query({ notBefore: t('11:07') }))), [
      '11:15-12:15',
      '12:15-13:15',
      '13:15-14:15',
    ]);
    assert.deepEqual(clock(suggestSlots(query({ notBefore: t('08:00') }))), [
      '09:00-10:00',
      '10:00-11:00',
      '11:00-12:00',
    ]);
  });

  it('treats touching working intervals as one (a slot may run across midnight)', () => {
    const working = [span('09:00', '12:00'), span('12:00', '17:00')];
    assert.deepEqual(clock(suggestSlots(query({ working, durationMs: 2 * HOUR, count: 4 }))), [
      '09:00-11:00',
      '11:00-13:00',
      '13:00-15:00',
      '15:00-17:00',
    ]);
    const window = { start: t('00:00'), end: t('00:00') + 2 * 24 * HOUR };
    const nights = workingIntervals({ mon: ['20:00-24:00'], tue: ['00:00-02:00'] }, 'UTC', window);
    const slots = suggestSlots(query({ working: nights, window, durationMs: 3 * HOUR, count: 2 }));
    assert.deepEqual(clock(slots), ['20:00-23:00', '23:00-02:00']);
    assert.equal(slots[1]!.end, t('02:00') + 24 * HOUR);
  });

  it('ignores empty busy intervals, even with a buffer', () => {
    const busy = [span('09:30', '09:30'), span('10:00', '09:00')];
    assert.deepEqual(clock(suggestSlots(query({ busy, bufferMs: 15 * MIN, count: 1 }))), ['09:00-10:00']);
  });

  it('refuses parameters that would make the search meaningless or endless', () => {
    assert.throws(() => suggestSlots(query({ stepMs: 0 })), RangeError);
    assert.throws(() => suggestSlots(query({ stepMs: 1.5 })), RangeError);
    assert.throws(() => suggestSlots(query({ durationMs: 0 })), RangeError);
    assert.throws(() => suggestSlots(query({ durationMs: Number.NaN })), RangeError);
    assert.throws(() => suggestSlots(query({ bufferMs: -1 })), RangeError);
  });

  it('plans across the Europe/Berlin spring-forward weekend in local hours', () => {
    const office = { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], fri: ['09:00-15:00'] };
    // From Friday 2026-03-27 08:00 (+01) over a 14-day horizon.
    const window = { start: Date.parse('2026-03-27T07:00Z'), end: Date.parse('2026-04-10T07:00Z') };
    const working = workingIntervals(office, 'Europe/Berlin', window);
    const busy = [{ start: Date.parse('2026-03-27T08:00Z'), end: Date.parse('2026-03-27T13:00Z') }]; // Fri 09-14
    const slots = suggestSlots({ busy, working, durationMs: 2 * HOUR, bufferMs: 10 * MIN, window, count: 3 });
    // Friday's last hour is too short; Monday is on summer time (+02): 09:00 local is 07:00Z.
    assert.deepEqual(
      slots.map((s) => new Date(s.start).toISOString()),
      ['2026-03-30T07:00:00.000Z', '2026-03-30T09:00:00.000Z', '2026-03-30T11:00:00.000Z'],
    );
  });
});

describe('freeIntervals', () => {
  it('is working time inside the window and from notBefore, minus widened busy time', () => {
    const free = freeIntervals({
      busy: [span('10:00', '11:00'), span('16:50', '18:00')],
      working: [span('08:00', '12:00'), span('13:00', '20:00')],
      bufferMs: 10 * MIN,
      window: span('00:00', '17:30'),
      notBefore: t('09:00'),
    });
    assert.deepEqual(clock(free), ['09:00-09:50', '11:10-12:00', '13:00-16:40']);
  });
});

// ---- Property-based tests against a brute-force reference ----------------------------------

/** Covered by the union of `list` (which may overlap, touch, or hold empty intervals). */
function covered(slot: Interval, list: readonly Interval[]): boolean {
  let pos = slot.start;
  for (let moved = true; pos < slot.end && moved; ) {
    moved = false;
    for (const w of list)
      if (w.start <= pos && pos < w.end) {
        pos = w.end;
        moved = true;
      }
  }
  return pos >= slot.end;
}

const hitsBusy = (slot: Interval, q: SlotQuery) =>
  q.busy.some((b) => b.end > b.start && slot.start < b.end + q.bufferMs && b.start - q.bufferMs < slot.end);

function isValid(slot: Interval, q: SlotQuery): boolean {
  return (
    slot.start % (q.stepMs ?? DEFAULT_STEP_MS) === 0 &&
    q.window.start <= slot.start &&
    slot.end <= q.window.end &&
    slot.start >= (q.notBefore ?? -Infinity) &&
    covered(slot, q.working) &&
    !hitsBusy(slot, q)
  );
}

/** Tries every aligned start in the window, in order, keeping valid slots that start after the last one. */
function referenceSlots(q: SlotQuery): Interval[] {
  const step = q.stepMs ?? DEFAULT_STEP_MS;
  const out: Interval[] = [];
  for (let s = Math.ceil(q.window.start / step) * step; s + q.durationMs <= q.window.end; s += step) {
    if (out.length >= q.count) break;
    const slot = { start: s, end: s + q.durationMs };
    if (out.length > 0 && s < out[out.length - 1]!.end) continue;
    if (isValid(slot, q)) out.push(slot);
  }
  return out;
}

// Small whole-number times (so the brute force stays cheap and edge cases are frequent), near
// zero or near a real, unaligned epoch. Busy and working time may overlap, touch, or lie
// partly or wholly outside the window; busy intervals may be empty or inverted. The sizes are
// tuned so that about half the queries have suggestions and the rest exercise running out.
const time = fc.integer({ min: 0, max: 500 });
const queryArb = fc
  .record({
    base: fc.constantFrom(0, 1_774_000_000_003),
    busy: fc.array(fc.tuple(time, fc.integer({ min: -5, max: 40 })), { maxLength: 8 }),
    working: fc.array(fc.tuple(time, fc.integer({ min: 10, max: 300 })), { minLength: 1, maxLength: 6 }),
    window: fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 500 })),
    durationMs: fc.integer({ min: 1, max: 60 }),
    bufferMs: fc.integer({ min: 0, max: 10 }),
    stepMs: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined, freq: 10 }),
    count: fc.integer({ min: 1, max: 8 }), // 0 is a table test
    notBefore: fc.option(fc.integer({ min: 0, max: 250 }), { nil: undefined }),
  })
  .map(({ base, busy, working, window, notBefore, ...rest }): SlotQuery => {
    const at = ([start, length]: [number, number]) => ({ start: base + start, end: base + start + length });
    return {
      ...rest,
      busy: busy.map(at),
      working: working.map(at),
      window: at(window),
      ...(notBefore === undefined ? {} : { notBefore: base + notBefore }),
    };
  });

describe('suggestSlots properties', () => {
  it('suggests only valid, aligned, sorted, mutually non-overlapping slots', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const slots = suggestSlots(q);
        assert.ok(slots.length <= q.count);
        slots.forEach((slot, i) => {
          assert.equal(slot.end - slot.start, q.durationMs);
          assert.equal(slot.start % (q.stepMs ?? DEFAULT_STEP_MS), 0, 'aligned');
          assert.ok(q.window.start <= slot.start && slot.end <= q.window.end, 'inside the window');
          assert.ok(covered(slot, q.working), 'inside working time');
          assert.ok(!hitsBusy(slot, q), 'clear of busy time and its buffer');
          if (i > 0) assert.ok(slots[i - 1]!.end <= slot.start, 'sorted and not overlapping');
        });
      }),
      { numRuns: 500 },
    );
  });

  it('suggests exactly the earliest such slots (brute-force reference)', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        assert.deepEqual(suggestSlots(q), referenceSlots(q));
      }),
      { numRuns: 1000 },
    );
  });

  it('extends, never reorders, the suggestions when asked for more', () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 0, max: 5 }), (q, more) => {
        const few = suggestSlots(q);
        assert.deepEqual(suggestSlots({ ...q, count: q.count + more }).slice(0, few.length), few);
      }),
    );
  });

  it('frees exactly the instants inside window and working time and clear of widened busy time', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const free = freeIntervals(q);
        const lo = q.window.start - 100;
        for (let p = lo; p < q.window.end + 100; p++) {
          const cell = { start: p, end: p + 1 };
          const expected = isValid(cell, { ...q, stepMs: 1 });
          assert.equal(covered(cell, free), expected, `instant ${p - lo}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
