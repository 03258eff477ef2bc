// Health checks. Each check has a deadline: a database that hangs (not just one that refuses
// connections) must still turn /health into a 503 within a few seconds.
import type pg from 'pg';

export type CheckResult = { status: 'up' | 'down'; latency_ms: number; error?: string };
export type HealthReport = {
  status: 'ok' | 'unavailable';
  version: string;
  uptime_s: number;
  checked_at: string;
  checks: Record<string, CheckResult>;
};

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export async function checkDatabase(pool: pg.Pool, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withDeadline(pool.query('SELECT 1'), timeoutMs, 'the database');
    return { status: 'up', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latency_ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export async function healthReport(
  pool: pg.Pool,
  options: { version: string; startedAt: number; dbTimeoutMs: number },
): Promise<HealthReport> {
  const checks = { database: await checkDatabase(pool, options.dbTimeoutMs) };
  const healthy = Object.values(checks).every((c) => c.status === 'up');
  return {
    status: healthy ? 'ok' : 'unavailable',
    version: options.version,
    uptime_s: Math.round((Date.now() - options.startedAt) / 1000),
    checked_at: new Date().toISOString(),
    checks,
  };
}
