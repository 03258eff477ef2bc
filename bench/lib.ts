// Shared set-up of the benchmarks: a throw-away embedded PostgreSQL (durability off, like
// the tests), a migrated database, and optionally an admin-api from the production
// startServer(). Benchmarks are run by hand (`node bench/<name>.ts`), not by `npm test`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../admin-api/src/config.ts';
import { migrate } from '../admin-api/src/db/migrations.ts';
import type { RateLimitOverrides } from '../admin-api/src/http/rate-limit.ts';
import { createLogger } from '../admin-api/src/logger.ts';
import { startServer } from '../admin-api/src/server.ts';
import { migrationsDir } from '../scripts/lib/paths.ts';
import { freePort, startLocalPostgres } from '../scripts/lib/postgres.ts';

export type BenchDb = { url: string; stop(): Promise<void> };

export async function startDatabase(): Promise<BenchDb> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-bench-'));
  fs.chmodSync(workDir, 0o755);
  const postgres = await startLocalPostgres({
    dataDir: path.join(workDir, 'postgres'),
    port: await freePort(),
    password: 'bench-only-password',
    fast: true,
  });
  await postgres.ensureDatabase('chronos_bench');
  const url = postgres.url('chronos_bench');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrate(client, migrationsDir);
  await client.end();
  return {
    url,
    stop: async () => {
      await postgres.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Limits high enough that the benchmark measures the limiter's cost, not its refusals. */
export const UNLIMITED: RateLimitOverrides = {
  key: { points: 1_000_000_000, durationSec: 60 },
  ip: { points: 1_000_000_000, durationSec: 60 },
};

export async function startApi(databaseUrl: string, env: Record<string, string> = {}) {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MAX: '20', ...env });
  const { server, close } = await startServer(config, createLogger('silent'), { rateLimits: UNLIMITED });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
