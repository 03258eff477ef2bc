// /health against a PostgreSQL that goes away and comes back: 503 within a few seconds
// (refused connections and a hung server alike), then 200 again without restarting the API.
// And every other check driven by real state: outbox rows (relay lag), backup rows, a local
// HTTP server standing in for n8n's readiness endpoint (up, down, hanging, gone), a real
// redis-server, a local S3 server (s3rver), the real file system and /proc/meminfo.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { migrate } from '../../admin-api/src/db/migrations.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { migrationsDir } from '../../scripts/lib/paths.ts';
import { freePort, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { startLocalS3 } from '../helpers/s3.ts';

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

// ---------------------------------------------------------------------------------------------
// The other checks
// ---------------------------------------------------------------------------------------------

type Check = { status: string; latency_ms?: number; error?: string; message?: string; [k: string]: unknown };
type Report = { status: string; version: string; uptime_s: number; checked_at: string; checks: Record<string, Check> };

async function report(api: TestApi): Promise<{ status: number; body: Report; text: string }> {
  const response = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Report, text };
}

type Mode = 'up' | 'down' | 'hang';

/** Stands in for n8n's /healthz/readiness: 200, 503 or no answer at all; counts requests. */
async function startN8nStandIn() {
  let mode: Mode = 'up';
  const paths: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    authorizations.push(req.headers.authorization);
    if (mode === 'hang') return; // never answers
    if (req.url !== '/healthz/readiness') return void res.writeHead(404).end();
    res.writeHead(mode === 'up' ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: mode === 'up' ? 'ok' : 'error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    authorizations,
    set(next: Mode) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return freePort();
}

describe('health checks', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let n8n: Awaited<ReturnType<typeof startN8nStandIn>>;
  let api: TestApi;
  let adminKey: string;
  const apis: TestApi[] = [];

  /** Another API on the same database with other settings (config is per process start). */
  async function apiWith(env: Record<string, string>): Promise<TestApi> {
    const started = await startTestApi(database.url, { HEALTH_CACHE_MS: '0', ...env });
    apis.push(started);
    return started;
  }
  const putSetting = async (id: string, value: unknown, secrets: unknown = {}) => {
    const reply = await request(api.url, 'PUT', `/api/v1/settings/${id}`, {
      token: adminKey,
      body: { value, secrets },
    });
    assert.equal(reply.status, 200, reply.text);
  };

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    n8n = await startN8nStandIn();
    adminKey = (await createApiKey(pool, { name: 'health-admin', scopes: ['admin'] })).key;
    // No cache: every request sees the state the test just made (the cache has its own test).
    api = await startTestApi(database.url, {
      HEALTH_CACHE_MS: '0',
      HEALTH_CHECK_TIMEOUT_MS: '1000',
      N8N_URL: n8n.url,
    });
  });
  after(async () => {
    for (const a of [api, ...apis]) await a?.close();
    await n8n?.close();
    await pool?.end();
    await database?.drop();
  });
  beforeEach(async () => {
    n8n.set('up');
    await pool.query('DELETE FROM outbox');
    await pool.query('DELETE FROM backups');
    await pool.query(`DELETE FROM settings WHERE id IN ('n8n', 'backup')`);
  });

  it('answers in the SPEC shape: every check named, ok when all are up or not configured', async () => {
    const { status, body } = await report(api);
    assert.equal(status, 200);
    assert.equal(body.status, 'ok', JSON.stringify(body));
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof body.uptime_s, 'number');
    assert.ok(!Number.isNaN(Date.parse(body.checked_at)));
    assert.deepEqual(Object.keys(body.checks).sort(), [
      'backup',
      'database',
      'disk',
      'memory',
      'n8n',
      'redis',
      'relay',
      's3',
    ]);
    assert.equal(body.checks.database!.status, 'up');
    assert.equal(body.checks.relay!.status, 'up');
    assert.equal(body.checks.n8n!.status, 'up');
    assert.equal(body.checks.n8n!.source, 'env');
    assert.deepEqual(n8n.paths.slice(-1), ['/healthz/readiness']);
    assert.equal(body.checks.disk!.status, 'up');
    assert.equal(body.checks.memory!.status, 'up');
    // Not configured: reported as skipped, which is not a failure.
    assert.equal(body.checks.redis!.status, 'skipped');
    assert.equal(body.checks.s3!.status, 'skipped');
    assert.equal(body.checks.backup!.status, 'skipped');
    assert.equal(body.checks.backup!.last_completed_at, null);
    for (const name of ['database', 'relay', 'n8n', 'disk', 'memory'])
      assert.equal(typeof body.checks[name]!.latency_ms, 'number', name);
  });

  it('relay: degraded (200) when a due row has waited longer than the limit; counts pending and dead', async () => {
    await pool.query(
      `INSERT INTO outbox (event_type, channel, payload, idempotency_key, status, available_at)
       VALUES ('event.created', 'webhook', '{}', 'health-old', 'pending', now() - interval '10 minutes'),
              ('event.created', 'webhook', '{}', 'health-later', 'pending', now() + interval '1 hour'),
              ('event.created', 'webhook', '{}', 'health-dead', 'dead', now() - interval '1 day')`,
    );
    const { status, body } = await report(api);
    assert.equal(status, 200);
    assert.equal(body.status, 'degraded');
    const relay = body.checks.relay!;
    assert.equal(relay.status, 'degraded');
    assert.ok((relay.lag_s as number) >= 600 && (relay.lag_s as number) < 900, String(relay.lag_s));
    assert.equal(relay.max_lag_s, 120);
    assert.equal(relay.pending, 2);
    assert.equal(relay.due, 1);
    assert.equal(relay.dead, 1);
    assert.match(relay.message!, /waited \d+ s \(limit 120 s\)/);

    // A row waiting out its backoff is not late: only the not-yet-due row left → up.
    await pool.query(`DELETE FROM outbox WHERE idempotency_key = 'health-old'`);
    const after = (await report(api)).body.checks.relay!;
    assert.equal(after.status, 'up');
    assert.equal(after.lag_s, 0);
    assert.equal(after.pending, 1);
  });

  it('backup: up when recent, degraded when the last completed one is 30 h old, "none yet" reported', async () => {
    const insert = (finishedHoursAgo: number, status = 'completed') =>
      pool.query(
        `INSERT INTO backups (status, kind, target, location, object_key, size_bytes, sha256, duration_ms,
                              started_at, finished_at)
         VALUES ($1, 'daily', 'folder', '/backups', 'b.tar.gz', 1234, repeat('a', 64), 42500,
                 now() - make_interval(hours => $2) - interval '1 minute', now() - make_interval(hours => $2))`,
        [status, finishedHoursAgo],
      );
    // None yet, scheduled backups off: skipped. On: degraded. Never a 503.
    assert.equal((await report(api)).body.checks.backup!.status, 'skipped');
    await putSetting('backup', { enabled: true, target: 'folder', folder_path: '/backups' });
    const none = await report(api);
    assert.equal(none.status, 200);
    assert.equal(none.body.checks.backup!.status, 'degraded');
    assert.equal(none.body.checks.backup!.message, 'no completed backup yet');

    await insert(30);
    const old = await report(api);
    assert.equal(old.status, 200);
    assert.equal(old.body.status, 'degraded');
    const stale = old.body.checks.backup!;
    assert.equal(stale.status, 'degraded');
    assert.ok(Math.abs((stale.age_s as number) - 30 * 3600) < 120, String(stale.age_s));
    assert.equal(stale.max_age_s, 26 * 3600);
    assert.equal(stale.duration_s, 42.5);
    assert.match(stale.message!, /30\.0 h old \(limit 26 h\)/);

    // A failed newer one does not count; a completed recent one does.
    await pool.query(
      `INSERT INTO backups (status, target, started_at, finished_at, error)
       VALUES ('failed', 'folder', now() - interval '2 hours', now() - interval '2 hours', 'disk full')`,
    );
    assert.equal((await report(api)).body.checks.backup!.status, 'degraded');
    await insert(1);
    const fresh = (await report(api)).body.checks.backup!;
    assert.equal(fresh.status, 'up');
    assert.ok(Math.abs((fresh.age_s as number) - 3600) < 120);
  });

  it('n8n: up, down on 503, down when unreachable, down within the deadline when it hangs', async () => {
    n8n.set('down');
    const down = await report(api);
    assert.equal(down.status, 200, 'n8n is not critical');
    assert.equal(down.body.status, 'degraded');
    assert.equal(down.body.checks.n8n!.status, 'down');
    assert.equal(down.body.checks.n8n!.error, 'n8n readiness answered 503');
    assert.equal(down.body.checks.n8n!.status_code, 503);

    n8n.set('hang');
    const hung = await report(api);
    assert.equal(hung.status, 200);
    assert.equal(hung.body.checks.n8n!.status, 'down');
    assert.equal(hung.body.checks.n8n!.error, 'n8n did not answer within 1000 ms');

    const gone = await apiWith({ N8N_URL: `http://127.0.0.1:${await closedPort()}` });
    const refused = (await report(gone)).body.checks.n8n!;
    assert.equal(refused.status, 'down');
    assert.equal(refused.error, 'n8n is unreachable (ECONNREFUSED)');

    n8n.set('up');
    assert.equal((await report(api)).body.checks.n8n!.status, 'up');
  });

  it('n8n: the setting base_url wins over N8N_URL; neither set is skipped; no URL or credential in the answer', async () => {
    const unset = await apiWith({});
    const skipped = (await report(unset)).body;
    assert.equal(skipped.checks.n8n!.status, 'skipped');
    assert.equal(skipped.status, 'ok');

    // The setting points at the stand-in (with a path prefix), the env at a dead port.
    const dead = await apiWith({ N8N_URL: `http://127.0.0.1:${await closedPort()}` });
    await putSetting('n8n', { base_url: `${n8n.url}/` });
    const viaSetting = (await report(dead)).body.checks.n8n!;
    assert.equal(viaSetting.status, 'up');
    assert.equal(viaSetting.source, 'setting');

    // Credentials in the base URL (a proxy's basic auth) are sent as Authorization, never shown.
    await putSetting('n8n', { base_url: n8n.url.replace('http://', 'http://admin:hunter2-secret@') + '/' });
    const withCredentials = await report(dead);
    assert.equal(withCredentials.body.checks.n8n!.status, 'up');
    assert.equal(n8n.authorizations.at(-1), `Basic ${Buffer.from('admin:hunter2-secret').toString('base64')}`);
    assert.ok(!withCredentials.text.includes('hunter2'), withCredentials.text);
    assert.ok(!withCredentials.text.includes('127.0.0.1'), withCredentials.text);
  });

  it('disk: free % like df, degraded under the limit, down when the path cannot be read', async () => {
    const disk = (await report(api)).body.checks.disk!;
    assert.equal(disk.status, 'up');
    // df rounds "Capacity" (used / (used + avail)) up to a whole percent.
    const df = spawnSync('df', ['-P', process.cwd()], { encoding: 'utf8' }).stdout.trim().split('\n').pop()!;
    const usedPct = Number(df.split(/\s+/)[4]!.replace('%', ''));
    assert.ok(Math.abs((disk.free_pct as number) - (100 - usedPct)) <= 1, `${disk.free_pct} vs df ${usedPct}% used`);
    assert.ok((disk.free_bytes as number) > 0 && (disk.total_bytes as number) >= (disk.free_bytes as number));

    const full = await apiWith({ HEALTH_DISK_MIN_FREE_PCT: '100' });
    const low = await report(full);
    assert.equal(low.status, 200);
    assert.equal(low.body.status, 'degraded');
    assert.equal(low.body.checks.disk!.status, 'degraded');
    assert.equal(low.body.checks.disk!.min_free_pct, 100);

    const missing = await apiWith({ HEALTH_DISK_PATH: path.join(os.tmpdir(), 'chronos-no-such-folder', 'data') });
    const unreadable = (await report(missing)).body.checks.disk!;
    assert.equal(unreadable.status, 'down');
    assert.equal(unreadable.error, "cannot read the data folder's file system (ENOENT)");
    assert.ok(!JSON.stringify(unreadable).includes('chronos-no-such-folder'));
  });

  it('memory: MemAvailable of /proc/meminfo and this process RSS; degraded under the limit', async () => {
    const memory = (await report(api)).body.checks.memory!;
    assert.equal(memory.status, 'up');
    const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
    const total = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)![1]) * 1024;
    assert.equal(memory.total_bytes, total);
    assert.ok((memory.available_bytes as number) > 0 && (memory.available_bytes as number) <= total);
    assert.ok((memory.process_rss_bytes as number) > 10 * 1024 * 1024);

    const tight = await apiWith({ HEALTH_MEMORY_MIN_AVAILABLE_PCT: '100' });
    const low = await report(tight);
    assert.equal(low.status, 200);
    assert.equal(low.body.checks.memory!.status, 'degraded');
    assert.match(low.body.checks.memory!.message!, /% of memory available \(limit 100 %\)/);
  });

  it('caches the non-database checks: a burst of requests makes one call to n8n', async () => {
    const cached = await apiWith({ HEALTH_CACHE_MS: '60000', N8N_URL: n8n.url });
    const before = n8n.paths.length;
    const burst = await Promise.all(Array.from({ length: 10 }, () => report(cached)));
    assert.ok(burst.every((r) => r.status === 200 && r.body.checks.n8n!.status === 'up'));
    await report(cached);
    assert.equal(n8n.paths.length - before, 1);
    // The state changes, the cached answer does not (until HEALTH_CACHE_MS has passed)…
    n8n.set('down');
    assert.equal((await report(cached)).body.checks.n8n!.status, 'up');
    // …while the uncached API sees it at once.
    assert.equal((await report(api)).body.checks.n8n!.status, 'down');
  });

  it('s3: HEAD on the backup bucket of a local S3 server — up, missing bucket, unreachable, hanging; no secret shown', async () => {
    const s3 = await startLocalS3({ buckets: ['chronos-backups'] });
    try {
      const storage = {
        target: 's3',
        endpoint: s3.endpoint,
        bucket: 'chronos-backups',
        region: 'us-east-1',
        access_key: s3.accessKey,
        force_path_style: true,
      };
      // s3rver does not check signatures, so any secret works; it must never appear in the answer.
      await putSetting('backup', storage, { secret_key: 'S3RVER-secret-key-value' });
      const up = await report(api);
      assert.equal(up.body.checks.s3!.status, 'up', JSON.stringify(up.body.checks.s3));
      assert.equal(typeof up.body.checks.s3!.latency_ms, 'number');

      await putSetting('backup', { ...storage, bucket: 'no-such-bucket' });
      const missing = (await report(api)).body.checks.s3!;
      assert.equal(missing.status, 'down');
      assert.equal(missing.error, 'the backup bucket does not exist');

      await putSetting('backup', { ...storage, endpoint: `http://127.0.0.1:${await closedPort()}` });
      const unreachable = await report(api);
      assert.equal(unreachable.status, 200);
      assert.equal(unreachable.body.checks.s3!.status, 'down');
      assert.equal(unreachable.body.checks.s3!.error, 'S3 request failed (ECONNREFUSED)');
      assert.ok(!unreachable.text.includes('S3RVER-secret-key-value'));

      // An endpoint that accepts the connection and never answers: down at the deadline.
      n8n.set('hang');
      await putSetting('backup', { ...storage, endpoint: n8n.url });
      const hung = (await report(api)).body.checks.s3!;
      assert.equal(hung.status, 'down');
      assert.equal(hung.error, 'S3 did not answer within 1000 ms');
    } finally {
      await s3.close();
    }
  });

  const redisServer = spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout.trim();
  it(
    'redis: PING through a short-lived connection — up, down when Redis is gone; no password shown',
    // As in rate-limit.test.ts: CI installs redis-server, so there this never skips.
    {
      skip:
        redisServer || process.env.CI === 'true'
          ? false
          : 'redis-server is not installed (apt-get install redis-server)',
    },
    async () => {
      const port = await freePort();
      const password = 'redis-pass-7f3a9c';
      const redis: ChildProcess = spawn(
        redisServer,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password],
        { stdio: 'ignore' },
      );
      try {
        const withRedis = await apiWith({ REDIS_URL: `redis://:${password}@127.0.0.1:${port}` });
        const deadline = Date.now() + 10_000;
        let check = (await report(withRedis)).body.checks.redis!;
        while (check.status !== 'up' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
          check = (await report(withRedis)).body.checks.redis!;
        }
        assert.equal(check.status, 'up');

        const wrong = await apiWith({ REDIS_URL: `redis://:wrong-${password}@127.0.0.1:${port}` });
        const refused = await report(wrong);
        assert.equal(refused.status, 200);
        assert.equal(refused.body.checks.redis!.status, 'down');
        assert.ok(!refused.text.includes(password), refused.text);

        redis.kill('SIGKILL');
        await new Promise((r) => redis.once('exit', r));
        const gone = await report(withRedis);
        assert.equal(gone.status, 200, 'Redis is not critical');
        assert.equal(gone.body.status, 'degraded');
        assert.equal(gone.body.checks.redis!.status, 'down');
        assert.ok(!gone.text.includes(password));
      } finally {
        if (redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
      }
    },
  );
});
