// Pruning of agent samples: each host pushes one every few seconds, and the rules only ever
// look back an hour or so, so samples (and the service failures counted from them) are kept
// for HEALTH_SAMPLE_RETENTION_DAYS (default 14, for the console's history) and then deleted
// in batches. Detections and healing actions are history and stay.
import type pg from 'pg';
import { PRUNE_BATCH_SIZE, pruneOlderThan } from '../modules/host-samples/repo.ts';

export async function pruneHealthSamples(
  pool: pg.Pool,
  retentionDays: number,
): Promise<{ deleted: number; more: boolean }> {
  const deleted = await pruneOlderThan(pool, retentionDays);
  return { deleted, more: deleted >= PRUNE_BATCH_SIZE };
}
