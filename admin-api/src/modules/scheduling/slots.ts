// Free-slot search: auto_plan's suggestions for a refused create, and the slot-suggest endpoint.
// Pure and zone-free: callers pass the attendees' busy time and the allowed (working) time as
// UTC intervals (see working-hours.ts and freebusy.ts), and get UTC slots back.
//
// A slot [s, s + duration) is valid iff
//   - it lies inside the working time (the union of `working`: touching intervals, such as
//     two days that both work until/from midnight, count as one),
//   - it lies inside the window, and s >= notBefore,
//   - it overlaps no busy interval widened by bufferMs on both sides (touching is fine: with a
//     15 min buffer a slot may end exactly 15 min before the next event),
//   - s is a multiple of stepMs on the UTC epoch grid. With the default 15 minutes that is a
//     local quarter hour in every zone in use today (all offsets are multiples of 15 min); with
//     a 1 h step in Asia/Kolkata (+05:30) slots start at half past.
// The suggestions are the earliest valid slot, then the earliest valid slot starting at or
// after its end, and so on: alternatives that don't overlap each other (09:00, 10:00, 11:00 for
// a 1 h meeting) rather than 09:00, 09:15, 09:30. The buffer is not applied between
// suggestions: they are alternatives, only one gets booked.
//
// Busy intervals outside the window still count, since their buffer can reach into it: gather
// events over [window.start - buffer, window.end + buffer]. Empty busy intervals block nothing.
import { intersectIntervals, mergeIntervals, subtractIntervals, type Interval } from './intervals.ts';

export const DEFAULT_STEP_MS = 15 * 60_000;

export type FreeQuery = {
  /** All attendees' events, in any order, overlapping or not. */
  busy: readonly Interval[];
  /** Allowed time: the attendees' common working hours (or the window itself for 24/7). */
  working: readonly Interval[];
  bufferMs: number;
  /** The search range: from .. horizon. */
  window: Interval;
  /** Typically "now": nothing earlier is free. */
  notBefore?: number;
};

export type SlotQuery = FreeQuery & {
  durationMs: number;
  count: number;
  /** Candidate start alignment on the UTC epoch grid; default 15 minutes. */
  stepMs?: number;
};

/** Working time inside the window (and from notBefore) minus the buffer-widened busy time. */
export function freeIntervals(q: FreeQuery): Interval[] {
  if (!(q.bufferMs >= 0 && Number.isFinite(q.bufferMs))) throw new RangeError('bufferMs must be >= 0');
  const from = q.notBefore === undefined ? q.window.start : Math.max(q.window.start, q.notBefore);
  const allowed = intersectIntervals(q.working, [{ start: from, end: q.window.end }]);
  // Empty events are dropped before widening, or a zero-length event would block 2 x buffer.
  const blocked = q.busy
    .filter((b) => b.end > b.start)
    .map((b) => ({ start: b.start - q.bufferMs, end: b.end + q.bufferMs }));
  return subtractIntervals(allowed, mergeIntervals(blocked));
}

/** The smallest multiple of step that is >= t (also for t < 0). */
const alignUp = (t: number, step: number) => {
  const r = ((t % step) + step) % step;
  return r === 0 ? t : t - r + step;
};

/**
 * The `count` earliest mutually non-overlapping valid slots, sorted (fewer if the window runs
 * out). Walks the free gaps instead of testing every step, so the cost is O(n log n) in the
 * number of busy and working intervals plus O(count).
 */
export function suggestSlots(q: SlotQuery): Interval[] {
  const step = q.stepMs ?? DEFAULT_STEP_MS;
  if (!(Number.isSafeInteger(step) && step > 0)) throw new RangeError('stepMs must be a positive whole number');
  if (!(q.durationMs > 0 && Number.isFinite(q.durationMs))) throw new RangeError('durationMs must be > 0');
  const slots: Interval[] = [];
  if (!(q.count > 0)) return slots;
  // Free gaps are disjoint and never touch, so slots taken from different gaps cannot overlap.
  for (const gap of freeIntervals(q)) {
    for (let s = alignUp(gap.start, step); s + q.durationMs <= gap.end; s = alignUp(s + q.durationMs, step)) {
      slots.push({ start: s, end: s + q.durationMs });
      if (slots.length >= q.count) return slots;
    }
  }
  return slots;
}
