// The dashboard's "today" and "this week" in the browser's time zone: half-open windows
// [from, to) as the events list filter expects them (overlap semantics, ISO 8601 instants).
export type TimeWindow = { from: string; to: string };

/** Local midnight of the day `now` falls in. */
function startOfDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export function todayWindow(now: Date): TimeWindow {
  const start = startOfDay(now);
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** The ISO week (Monday to Monday) that `now` falls in. */
export function weekWindow(now: Date): TimeWindow {
  const today = startOfDay(now);
  const daysSinceMonday = (today.getDay() + 6) % 7;
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysSinceMonday);
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7);
  return { from: start.toISOString(), to: end.toISOString() };
}
