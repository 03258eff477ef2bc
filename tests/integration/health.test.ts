// /health against a PostgreSQL that goes away and comes back: 503 within a few seconds
// (refused connections and a hung server alike), then 200 again without restarting the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrate } from '../../admin-api/src/db/migrations.ts';
import { migrationsDir } from '../../scripts/lib/paths.ts';
import { freePort, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';

async function health(
  api: TestApi,
): Promise<{ status: number; body: { status: string; checks: { database: { status: string } } } }> {
  const response = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: { database: { status: string } } },
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('health with a database that goes away', () => {
  // A PostgreSQL of its own: this test stops it, which the shared one must never be.
  let postgres: LocalPostgres;
  let api: TestApi;
  let workDir: string;

  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-health-'));
    fs.chmodSync(workDir, 0o755);
    postgres = await startLocalPostgres({
      dataDir: path.join(workDir, 'pg'),
      port: await freePort(),
      password: 'pw',
      fast: true,
    });
    await postgres.ensureDatabase('chronos');
    const client = new pg.Client({ connectionString: postgres.url('chronos') });
    await client.connect();
    await migrate(client, migrationsDir);
    await client.end();
    api = await startTestApi(postgres.url('chronos'), { HEALTH_DB_TIMEOUT_MS: '1500' });
  });

  after(async () => {
    await api?.close();
    await postgres?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('is 200 with version and uptime while the database is up', async () => {
    const { status, body } = await health(api);
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    assert.equal(body.checks.database.status, 'up');
    assert.match((body as unknown as { version: string }).version, /^\d+\.\d+\.\d+/);
  });

  it('turns 503 within a few seconds of the database stopping, and 200 again when it is back', async () => {
    await postgres.stop();
    const down = await waitFor(async () => (await health(api)).status === 503, 5000);
    assert.ok(down < 5000);
    const { body } = await health(api);
    assert.equal(body.status, 'unavailable');
    assert.equal(body.checks.database.status, 'down');

    await postgres.start();
    await waitFor(async () => (await health(api)).status === 200, 10_000);
  });

  it('turns 503 when the database hangs instead of refusing (deadline, not a stuck request)', async () => {
    const pid = postgres.pid();
    assert.ok(pid, 'postmaster pid');
    // Stop every server process (postmaster and backends) so existing pooled connections hang too.
    const frozen = [pid, ...childrenOf(pid)];
    for (const p of frozen) process.kill(p, 'SIGSTOP');
    try {
      const started = Date.now();
      const { status } = await health(api);
      assert.equal(status, 503);
      assert.ok(Date.now() - started < 5000, 'answered within the deadline');
    } finally {
      for (const p of frozen) process.kill(p, 'SIGCONT');
    }
    await waitFor(async () => (await health(api)).status === 200, 10_000);
  });
});

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
