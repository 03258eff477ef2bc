// What every /health check returns, and the one way a check is run: with a deadline, timed,
// and with any failure turned into `down` plus a message that is safe to show publicly.
import { withDeadline } from './deadline.ts';

/** skipped = not configured here (not a failure). */
export type CheckStatus = 'up' | 'degraded' | 'down' | 'skipped';

/** What a check reports, before runCheck adds its latency (or turns a failure into down). */
export type CheckBody = {
  status: CheckStatus;
  /** Why the check is not up. */
  error?: string;
  /** A note for humans (why degraded, why skipped). */
  message?: string;
  [detail: string]: unknown;
};

export type CheckResult = CheckBody & { latency_ms?: number };

// URLs may carry credentials (user:password@host, presigned query strings): never echo one.
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/** An error's message fit for a public /health answer: no URLs, bounded length. */
export function safeMessage(error: unknown, fallback: string): string {
  const message = error instanceof Error ? error.message : '';
  const cleaned = message.replace(URL_PATTERN, '[url]').trim();
  return (cleaned || fallback).slice(0, 300);
}

/**
 * Runs `body` with a deadline. `cleanup` runs afterwards in every case — the place to close
 * a client or destroy sockets, which is also what really stops a check that hangs.
 */
export async function runCheck(
  what: string,
  timeoutMs: number,
  body: () => Promise<CheckBody>,
  cleanup?: () => void,
): Promise<CheckResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const result = await withDeadline(body(), timeoutMs, what);
    return { ...result, latency_ms: latency() };
  } catch (error) {
    return { status: 'down', latency_ms: latency(), error: safeMessage(error, `${what} check failed`) };
  } finally {
    cleanup?.();
  }
}

export const skipped = (message: string): CheckResult => ({ status: 'skipped', message });
