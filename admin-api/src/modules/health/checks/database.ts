// The one critical check: without PostgreSQL Chronos can do nothing, so this one alone turns
// /health into a 503. Its deadline makes a hung server (not only a refusing one) a 503 too.
import type pg from 'pg';
import { runCheck, type CheckResult } from '../check.ts';

export function checkDatabase(pool: pg.Pool, timeoutMs: number): Promise<CheckResult> {
  return runCheck('the database', timeoutMs, async () => {
    await pool.query('SELECT 1');
    return { status: 'up' };
  });
}
