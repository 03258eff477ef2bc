// Half-open time intervals [start, end) in epoch milliseconds, and the set operations the
// scheduler needs. Half-open so that back-to-back events (10:00-11:00, 11:00-12:00) do not
// overlap and a span ending at 24:00 meets the next day's 00:00 exactly.
//
// Every function that returns a list returns it normalized: sorted by start, each interval
// non-empty, and no two overlapping or touching. Inputs may be in any order, overlap, or hold
// empty or inverted intervals (those contain no instant and are ignored). Inputs are never
// mutated. All operations are O(n log n) (the sort) plus a linear sweep.

export type Interval = { start: number; end: number };

const byStart = (a: Interval, b: Interval) => a.start - b.start || a.end - b.end;

/** Sorts and merges overlapping and touching intervals; drops empty ones. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort(byStart);
  const out: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** The instants of `from` that are in no interval of `minus`. */
export function subtractIntervals(from: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const a = mergeIntervals(from);
  const b = mergeIntervals(minus);
  const out: Interval[] = [];
  let j = 0; // b[0..j) end before the current `from` interval, hence before every later one
  for (const { start, end } of a) {
    while (j < b.length && b[j]!.end <= start) j++;
    let cursor = start;
    for (let k = j; k < b.length && b[k]!.start < end && cursor < end; k++) {
      if (b[k]!.start > cursor) out.push({ start: cursor, end: b[k]!.start });
      cursor = Math.max(cursor, b[k]!.end);
    }
    if (cursor < end) out.push({ start: cursor, end });
  }
  return out;
}

/** The instants that are in both `a` and `b`. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = mergeIntervals(a);
  const y = mergeIntervals(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i]!.start, y[j]!.start);
    const end = Math.min(x[i]!.end, y[j]!.end);
    if (start < end) out.push({ start, end });
    if (x[i]!.end < y[j]!.end) i++;
    else j++;
  }
  return out;
}

/** True when the two intervals share at least one instant (touching is not overlapping). */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

/** The parts of `list` inside `window`, normalized. */
export function clipToWindow(list: readonly Interval[], window: Interval): Interval[] {
  return intersectIntervals(list, [window]);
}
