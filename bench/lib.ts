// Shared set-up of the benchmarks: a throw-away embedded PostgreSQL (durability off, like
// the tests), a migrated database, and optionally an admin-api from the production
// startServer(). Benchmarks are run by hand (`node bench/<name>.ts`), not by `npm test`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../admin-api/src/db/migrations.ts';
import { freePort, startLocalPostgres } from '../scripts/lib/postgres.ts';
import { waitForHttp } from '../scripts/lib/n8n.ts';
import { migrationsDir, repoRoot } from '../scripts/lib/paths.ts';

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

/**
 * admin-api as its own process (as in production), so the load generator in this process
 * does not share a thread with the server it measures. Logs at info, as in production.
 */
export async function startApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  entry = 'admin-api/src/server.ts',
) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, entry)], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      DB_POOL_MAX: '20',
      RATE_LIMIT_PER_KEY: '1000000000',
      RATE_LIMIT_PER_IP: '1000000000',
      // BENCH_PROF=1 writes a CPU profile of the API process to /tmp/chronos-bench-prof on exit.
      ...(process.env.BENCH_PROF ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/chronos-bench-prof' } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, 30_000, () => child.exitCode !== null);
  const close = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, close };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
