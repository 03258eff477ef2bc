// Small helpers over time series of readings, shared by the rules.

/** The trailing run of items that satisfy `ok` (newest last); empty when the newest does not. */
export function trailingRun<T>(items: readonly T[], ok: (item: T) => boolean): T[] {
  let start = items.length;
  while (start > 0 && ok(items[start - 1]!)) start--;
  return items.slice(start);
}

/** The newest `n` values all satisfy `ok` (and there are at least `n`). */
export function heldFor<T>(items: readonly T[], n: number, ok: (item: T) => boolean): boolean {
  return items.length >= n && items.slice(-n).every(ok);
}

/** Moving average of the last `window` values at each position (fewer at the start). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const size = Math.max(1, window);
  return values.map((_, i) => {
    const part = values.slice(Math.max(0, i - size + 1), i + 1);
    return part.reduce((sum, v) => sum + v, 0) / part.length;
  });
}

/** Time covered by a run of timed items, ms (0 for fewer than two). */
export function spanMs(items: ReadonlyArray<{ at: number }>): number {
  return items.length < 2 ? 0 : items.at(-1)!.at - items[0]!.at;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
