import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  clipToWindow,
  intersectIntervals,
  mergeIntervals,
  overlaps,
  subtractIntervals,
  type Interval,
} from './intervals.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

// Reference model: over small whole numbers an interval list is the set of unit cells
// [t, t + 1) it covers, so every operation can be checked cell by cell.
const LIMIT = 60;
const cells = (list: readonly Interval[]) => {
  const set = new Set<number>();
  for (const { start, end } of list) for (let t = start; t < end; t++) set.add(t);
  return set;
};
const fromCells = (set: Set<number>): Interval[] => {
  const out: Interval[] = [];
  for (let t = -1; t <= LIMIT; t++) {
    if (!set.has(t)) continue;
    const last = out[out.length - 1];
    if (last && last.end === t) last.end = t + 1;
    else out.push(iv(t, t + 1));
  }
  return out;
};
// Includes empty and inverted intervals, which must be ignored.
const anyInterval = fc.record({ start: fc.integer({ min: 0, max: LIMIT }), end: fc.integer({ min: 0, max: LIMIT }) });
const anyList = fc.array(anyInterval, { maxLength: 12 });

const assertNormalized = (list: Interval[]) =>
  list.forEach((i, k) => {
    assert.ok(i.start < i.end, `empty interval ${JSON.stringify(i)}`);
    if (k > 0) assert.ok(list[k - 1]!.end < i.start, `not sorted, disjoint and apart: ${JSON.stringify(list)}`);
  });

describe('mergeIntervals', () => {
  it('sorts and merges overlapping and touching intervals, dropping empty ones', () => {
    assert.deepEqual(mergeIntervals([]), []);
    assert.deepEqual(mergeIntervals([iv(5, 7), iv(1, 3), iv(3, 4), iv(6, 9), iv(2, 2), iv(8, 6)]), [
      iv(1, 4),
      iv(5, 9),
    ]);
    assert.deepEqual(mergeIntervals([iv(0, 10), iv(2, 3)]), [iv(0, 10)]);
    assert.deepEqual(mergeIntervals([iv(0, 1), iv(2, 3)]), [iv(0, 1), iv(2, 3)]);
  });

  it('does not mutate its input', () => {
    const input = [iv(3, 5), iv(1, 4)];
    mergeIntervals(input)[0]!.end = 99;
    assert.deepEqual(input, [iv(3, 5), iv(1, 4)]);
  });

  it('matches the cell model', () => {
    fc.assert(
      fc.property(anyList, (list) => {
        const merged = mergeIntervals(list);
        assertNormalized(merged);
        assert.deepEqual(merged, fromCells(cells(list)));
      }),
    );
  });
});

describe('subtractIntervals', () => {
  it('cuts holes, trims edges and removes covered intervals', () => {
    assert.deepEqual(subtractIntervals([iv(0, 10)], [iv(2, 3), iv(5, 6)]), [iv(0, 2), iv(3, 5), iv(6, 10)]);
    assert.deepEqual(subtractIntervals([iv(0, 10)], [iv(-5, 2), iv(8, 20)]), [iv(2, 8)]);
    assert.deepEqual(subtractIntervals([iv(0, 10), iv(20, 30)], [iv(0, 10)]), [iv(20, 30)]);
    assert.deepEqual(subtractIntervals([iv(0, 10)], [iv(10, 12), iv(-2, 0)]), [iv(0, 10)]);
    assert.deepEqual(subtractIntervals([iv(0, 10)], []), [iv(0, 10)]);
    assert.deepEqual(subtractIntervals([], [iv(0, 10)]), []);
    // One interval of `minus` spanning several of `from`.
    assert.deepEqual(subtractIntervals([iv(0, 4), iv(6, 9), iv(12, 15)], [iv(2, 13)]), [iv(0, 2), iv(13, 15)]);
  });

  it('matches the cell model', () => {
    fc.assert(
      fc.property(anyList, anyList, (from, minus) => {
        const out = subtractIntervals(from, minus);
        assertNormalized(out);
        const m = cells(minus);
        assert.deepEqual(out, fromCells(new Set([...cells(from)].filter((t) => !m.has(t)))));
      }),
    );
  });
});

describe('intersectIntervals and clipToWindow', () => {
  it('keeps the common instants', () => {
    assert.deepEqual(intersectIntervals([iv(0, 5), iv(8, 12)], [iv(3, 10)]), [iv(3, 5), iv(8, 10)]);
    assert.deepEqual(intersectIntervals([iv(0, 5)], [iv(5, 10)]), []);
    assert.deepEqual(intersectIntervals([iv(0, 5)], []), []);
    assert.deepEqual(clipToWindow([iv(-5, 2), iv(4, 6), iv(9, 20)], iv(0, 10)), [iv(0, 2), iv(4, 6), iv(9, 10)]);
    assert.deepEqual(clipToWindow([iv(0, 5)], iv(5, 5)), []);
  });

  it('matches the cell model', () => {
    fc.assert(
      fc.property(anyList, anyList, anyInterval, (a, b, window) => {
        const out = intersectIntervals(a, b);
        assertNormalized(out);
        const y = cells(b);
        assert.deepEqual(out, fromCells(new Set([...cells(a)].filter((t) => y.has(t)))));
        assert.deepEqual(intersectIntervals(b, a), out);
        const w = cells([window]);
        assert.deepEqual(clipToWindow(a, window), fromCells(new Set([...cells(a)].filter((t) => w.has(t)))));
      }),
    );
  });
});

describe('overlaps', () => {
  const table: [Interval, Interval, boolean][] = [
    [iv(0, 10), iv(5, 15), true],
    [iv(0, 10), iv(2, 3), true],
    [iv(0, 10), iv(10, 20), false], // touching is not overlapping
    [iv(10, 20), iv(0, 10), false],
    [iv(0, 10), iv(5, 5), false], // an empty interval holds no instant
    [iv(5, 5), iv(5, 5), false],
    [iv(0, 10), iv(11, 20), false],
  ];
  for (const [a, b, expected] of table)
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ${expected}`, () => {
      assert.equal(overlaps(a, b), expected);
      assert.equal(overlaps(b, a), expected);
    });

  it('matches the cell model', () => {
    fc.assert(
      fc.property(anyInterval, anyInterval, (a, b) => {
        const y = cells([b]);
        assert.equal(
          overlaps(a, b),
          [...cells([a])].some((t) => y.has(t)),
        );
      }),
    );
  });
});
