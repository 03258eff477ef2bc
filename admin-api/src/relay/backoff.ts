// Retry delays: exponential backoff with full jitter (a random delay between 0 and the capped
// exponential), so that many rows failing together do not come back together. A receiver's
// Retry-After (or Telegram's retry_after) wins when it gives one.
export type BackoffOptions = { baseMs: number; capMs: number };

/** A receiver asking for more than a day is not taken literally. */
const MAX_RETRY_AFTER_MS = 86_400_000;

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 3_600_000 };

/** Delay before the next try after `attempt` failed attempts (1-based). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}
