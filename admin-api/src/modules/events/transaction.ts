// Event writes run in one transaction each and take advisory locks per attendee; two writers
// that lock overlapping sets in different transactions can still deadlock (a moved event's
// attendees are locked later than the writer's own), and two concurrent upserts of one
// (source, external_id) can both try to insert. PostgreSQL resolves both by aborting one
// transaction; retrying it from the start is then correct, because nothing of it was kept.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

function retryable(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return RETRYABLE.has(e.code ?? '') || (e.code === '23505' && e.constraint === 'events_source_external_id_key');
}

export async function withEventTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(pool, fn);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
