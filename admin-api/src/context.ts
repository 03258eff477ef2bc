// Everything a request handler may need, built once in server.ts (or by a test) and passed
// down explicitly: no module-level singletons, so several apps can live in one process.
import fs from 'node:fs';
import type pg from 'pg';
import type { BackgroundTasks } from './background.ts';
import type { Config } from './config.ts';
import type { RateLimits } from './http/rate-limit.ts';
import type { Logger } from './logger.ts';
import type { Listener } from './db/listener.ts';
import type { UsageRecorder } from './modules/api-keys/usage.ts';
import type { ApiKeyCache } from './modules/api-keys/verified-cache.ts';
import type { Metrics } from './modules/metrics/registry.ts';

export type AppContext = {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  metrics: Metrics;
  /** Per-key and per-IP rate limiters (Redis-backed when REDIS_URL is set). */
  rateLimits: RateLimits;
  /** Work started by requests but not awaited by them; drained on shutdown. */
  background: BackgroundTasks;
  /** Batched API key usage statistics. */
  usage: UsageRecorder;
  /** The LISTEN connection for PostgreSQL notifications (cache invalidation, outbox wake-ups). */
  listener: Listener;
  /** Short-lived cache of verified API keys (see verified-cache.ts). */
  apiKeyCache: ApiKeyCache;
  version: string;
  startedAt: number;
};

const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
export const VERSION = manifest.version;
