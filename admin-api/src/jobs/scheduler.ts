// Periodic jobs of admin-api (auto-complete, reminders, …). Every replica runs the scheduler;
// a session advisory lock per job lets one replica at a time do a round and the others skip
// it (the jobs are safe to run concurrently anyway — this only avoids duplicate work). A job
// that finds a full batch runs again at once instead of waiting for the next tick.
import type pg from 'pg';
import { holdClient } from '../db/pool.ts';
import type { Logger } from '../logger.ts';

export type Job = {
  name: string;
  /** Advisory lock key (second half; the first is 742026020). */
  lockKey: number;
  /** One batch; returns how many items it handled and whether more may be waiting. */
  run(): Promise<{ handled: number; more: boolean }>;
};

export type Scheduler = { runOnce(): Promise<void>; stop(): Promise<void> };

const LOCK_SPACE = 742026020;
const MAX_ROUNDS_PER_TICK = 50;

export function startScheduler(pool: pg.Pool, logger: Logger, jobs: Job[], intervalMs: number): Scheduler {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const runJob = async (job: Job) => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      // The database is away (restart, shutdown): try again next tick, never crash.
      logger.warn({ job: job.name, err: { message: (error as Error).message } }, 'job skipped: no database connection');
      return;
    }
    let broken: Error | undefined;
    const release = holdClient(client, (error) => (broken = error));
    try {
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LOCK_SPACE,
        job.lockKey,
      ]);
      if (!locked.rows[0]?.ok) return;
      try {
        for (let round = 0; round < MAX_ROUNDS_PER_TICK && !stopped; round++) {
          const { handled, more } = await job.run();
          if (handled) logger.info({ job: job.name, handled }, 'job round');
          if (!more) break;
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, job.lockKey]);
      }
    } catch (error) {
      logger.warn({ job: job.name, err: { message: (error as Error).message } }, 'job failed; retrying next tick');
    } finally {
      release();
      client.release(broken);
    }
  };

  const runOnce = () => {
    current = current.then(async () => {
      for (const job of jobs) if (!stopped) await runJob(job);
    });
    return current;
  };

  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
