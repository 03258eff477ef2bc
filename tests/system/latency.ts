// Latency percentiles from the raw samples (a sorted copy; the runs hold at most a few hundred
// thousand samples, so no histogram library is needed). Nearest-rank percentiles.
export type LatencySummary = { count: number; p50: number; p95: number; p99: number; max: number };

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1]! };
}
