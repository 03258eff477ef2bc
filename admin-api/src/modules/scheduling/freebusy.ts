// Free/busy: per attendee, the merged busy time within a window. Only times are reported, never
// what the events are, so the answer can be shown to anyone allowed to ask about the attendee.
import { mergeIntervals, type Interval } from './intervals.ts';

export type BusyEvent = { start: number; end: number; attendees: readonly string[] };

/**
 * Keys are the requested attendees, lower-cased (e-mail addresses are compared case-blind, as
 * events store them lower-cased); every requested attendee gets a key, [] when free. Events are
 * clipped to the window; events without time inside it are left out.
 */
export function busyByAttendee(
  events: readonly BusyEvent[],
  attendees: readonly string[],
  window: Interval,
): Record<string, Interval[]> {
  const busy = new Map<string, Interval[]>(attendees.map((a) => [a.toLowerCase(), []]));
  for (const e of events) {
    const start = Math.max(e.start, window.start);
    const end = Math.min(e.end, window.end);
    if (start >= end) continue;
    for (const a of e.attendees) busy.get(a.toLowerCase())?.push({ start, end });
  }
  // fromEntries defines own properties, so even an attendee called "__proto__" is safe.
  return Object.fromEntries([...busy].map(([a, list]) => [a, mergeIntervals(list)]));
}
