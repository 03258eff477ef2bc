// Outbox delivery health: how long the oldest due row has waited for a relay. A relay that is
// down, stuck or too slow shows up as growing lag; rows waiting out a backoff are not due and
// do not count.
import type pg from 'pg';
import { runCheck, type CheckResult } from '../check.ts';
import { outboxBacklog } from '../repo.ts';

export function checkRelay(pool: pg.Pool, options: { timeoutMs: number; maxLagS: number }): Promise<CheckResult> {
  return runCheck('the outbox query', options.timeoutMs, async () => {
    const backlog = await outboxBacklog(pool);
    const lag = backlog.lag_s === null ? 0 : Math.max(0, Math.round(backlog.lag_s));
    const late = lag > options.maxLagS;
    return {
      status: late ? 'degraded' : 'up',
      ...(late ? { message: `the oldest due outbox row has waited ${lag} s (limit ${options.maxLagS} s)` } : {}),
      lag_s: lag,
      max_lag_s: options.maxLagS,
      pending: backlog.pending,
      due: backlog.due,
      in_flight: backlog.in_flight,
      dead: backlog.dead,
    };
  });
}
