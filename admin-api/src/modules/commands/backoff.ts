// Retry delay of a failed command (POST /commands/{id}/fail with retry): exponential with full
// jitter — a random delay up to the capped exponential, so commands that failed together do
// not come back together — but never below FLOOR_MS, so a retried command is never claimable
// in the same instant it failed (the target just said it could not do it).
export const BACKOFF = { baseMs: 10_000, capMs: 3_600_000, floorMs: 1_000 } as const;

/** Delay after the `attempt`-th attempt failed (1-based). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return BACKOFF.floorMs + Math.floor(random() * (ceiling - BACKOFF.floorMs));
}
