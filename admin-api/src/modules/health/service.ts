// /health: the database check on every request (it alone decides 503), the others in
// parallel and cached for HEALTH_CACHE_MS so probes and dashboards under load do not hammer
// n8n, Redis or S3. Every check has a deadline, so the answer comes within
// max(HEALTH_DB_TIMEOUT_MS, HEALTH_CHECK_TIMEOUT_MS) whatever hangs.
//   status ok           every check up or skipped
//          degraded     a non-critical check degraded or down (HTTP 200)
//          unavailable  a critical check (database) down (HTTP 503)
import type { AppContext } from '../../context.ts';
import { cachedRun } from './cache.ts';
import type { CheckResult } from './check.ts';
import { checkBackup } from './checks/backup.ts';
import { checkDatabase } from './checks/database.ts';
import { checkDisk } from './checks/disk.ts';
import { checkMemory } from './checks/memory.ts';
import { checkN8n } from './checks/n8n.ts';
import { checkRedis } from './checks/redis.ts';
import { checkRelay } from './checks/relay.ts';
import { checkS3 } from './checks/s3.ts';

export type { CheckResult } from './check.ts';

export type HealthReport = {
  status: 'ok' | 'degraded' | 'unavailable';
  version: string;
  uptime_s: number;
  checked_at: string;
  checks: Record<string, CheckResult>;
};

const CRITICAL = new Set(['database']);

type Ctx = Pick<AppContext, 'pool' | 'config' | 'version' | 'startedAt'>;

async function otherChecks(ctx: Ctx): Promise<Record<string, CheckResult>> {
  const { pool, config } = ctx;
  const timeoutMs = config.health.checkTimeoutMs;
  const encryptionKey = config.encryptionKey;
  const [relay, n8n, backup, disk, memory, redis, s3] = await Promise.all([
    checkRelay(pool, { timeoutMs, maxLagS: config.health.relayMaxLagS }),
    checkN8n(pool, { timeoutMs, encryptionKey, envUrl: config.n8nUrl }),
    checkBackup(pool, { timeoutMs, encryptionKey, maxAgeHours: config.health.backupMaxAgeHours }),
    checkDisk({ timeoutMs, path: config.health.diskPath, minFreePct: config.health.diskMinFreePct }),
    checkMemory({ timeoutMs, minAvailablePct: config.health.memoryMinAvailablePct }),
    checkRedis({ timeoutMs, url: config.redisUrl }),
    checkS3(pool, { timeoutMs, encryptionKey }),
  ]);
  return { relay, n8n, backup, disk, memory, redis, s3 };
}

export function overallStatus(checks: Record<string, CheckResult>): HealthReport['status'] {
  const entries = Object.entries(checks);
  if (entries.some(([name, c]) => CRITICAL.has(name) && c.status === 'down')) return 'unavailable';
  if (entries.some(([, c]) => c.status === 'down' || c.status === 'degraded')) return 'degraded';
  return 'ok';
}

/** One per app: the cache of the non-database checks lives in the returned function. */
export function createHealthReporter(ctx: Ctx): () => Promise<HealthReport> {
  const others = cachedRun(ctx.config.health.cacheMs, () => otherChecks(ctx));
  return async () => {
    const [database, rest] = await Promise.all([checkDatabase(ctx.pool, ctx.config.healthDbTimeoutMs), others()]);
    const checks = { database, ...rest };
    return {
      status: overallStatus(checks),
      version: ctx.version,
      uptime_s: Math.round((Date.now() - ctx.startedAt) / 1000),
      checked_at: new Date().toISOString(),
      checks,
    };
  };
}
