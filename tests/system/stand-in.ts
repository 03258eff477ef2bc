// A lighter system under test for developing and checking the whole-system suites without
// n8n and Redis: two admin-api replicas as separate processes (relay and jobs in both, as in
// production) on one database — either a given one (the test runner's) or a PostgreSQL of
// its own, which can then be restarted immediately like the topology's. Implements the parts
// of the topology that system.ts names, minus Redis and n8n.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../../admin-api/src/db/migrations.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { migrationsDir } from '../../scripts/lib/paths.ts';
import { freePort, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres.ts';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../helpers/api.ts';
import { apiProcess } from './api-process.ts';
import type { ProcessHandle, SystemUnderTest } from './system.ts';

export type StandIn = SystemUnderTest & { databaseUrl: string; stop(): Promise<void> };

export type StandInOptions = {
  /** A migrated database to use; without it the stand-in starts and migrates its own PostgreSQL. */
  databaseUrl?: string;
  /** Extra admin-api environment (both replicas). */
  env?: Record<string, string>;
  log?: (line: string) => void;
};

/** The embedded PostgreSQL as a process handle; immediate restart = SIGQUIT to the postmaster. */
function postgresHandle(postgres: LocalPostgres) {
  const waitGone = async () => {
    for (let i = 0; i < 200 && postgres.pid(); i++) await new Promise((r) => setTimeout(r, 50));
  };
  return {
    name: 'postgres',
    pid: () => postgres.pid(),
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const pid = postgres.pid();
      if (!pid) return;
      process.kill(pid, signal);
      await waitGone();
    },
    start: () => postgres.start(),
    async restartImmediate() {
      const pid = postgres.pid();
      if (pid) process.kill(pid, 'SIGQUIT'); // immediate shutdown: no checkpoint, every session cut
      await waitGone();
      await postgres.start();
    },
  };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  let postgres: LocalPostgres | undefined;
  let workDir: string | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-system-'));
    fs.chmodSync(workDir, 0o755);
    // Durable (fsync and synchronous commit on): an immediate restart must not lose commits.
    postgres = await startLocalPostgres({
      dataDir: path.join(workDir, 'postgres'),
      port: await freePort(),
      password: 'stand-in-only-password',
    });
    await postgres.ensureDatabase('chronos');
    databaseUrl = postgres.url('chronos');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await migrate(client, migrationsDir);
    } finally {
      await client.end();
    }
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined); // idle connections cut by a PostgreSQL restart; pg reconnects
  const adminKey = (await createApiKey(pool, { name: 'whole-system load', scopes: ['admin'] })).key;

  const env = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'warn',
    RELAY_ENABLED: 'true',
    // One client address sends everything here; production limits would refuse the load itself.
    RATE_LIMIT_PER_KEY: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
    INGEST_RATE_LIMIT_PER_IP: '1000000000',
    // Rows a killed replica held come back after the lease: shorter than production's 60 s so a
    // run's drain does not wait a minute for them.
    RELAY_LEASE_MS: '10000',
    ...options.env,
  };
  const apis = [
    apiProcess('api-1', await freePort(), env, options.log),
    apiProcess('api-2', await freePort(), env, options.log),
  ];
  const pgHandle = postgres ? postgresHandle(postgres) : undefined;
  try {
    await Promise.all(apis.map((api) => api.start()));
  } catch (error) {
    await Promise.all(apis.map((api) => api.kill()));
    throw error;
  }

  return {
    databaseUrl,
    apis,
    pool,
    adminKey,
    postgres: pgHandle,
    processes: () => [...apis, ...(pgHandle ? [pgHandle as ProcessHandle] : [])],
    async stop() {
      await Promise.all(apis.map((api) => api.kill('SIGTERM')));
      await pool.end();
      if (postgres) await postgres.stop().catch(() => undefined);
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
