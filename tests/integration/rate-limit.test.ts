// Rate limits over HTTP (admin-api/src/http/rate-limit.ts): 429 problem+json with
// Retry-After and X-RateLimit-* headers, per-key counters independent of each other, the IP
// budget spent by failed authentications; and with Redis, counters shared by two app
// instances and limiting still working (in memory) after the Redis server is killed.
// The Redis cases need `redis-server` on PATH (CI installs Debian's redis-server); without
// it they are skipped with that reason.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../admin-api/src/config.ts';
import type { RateLimitOverrides } from '../../admin-api/src/http/rate-limit.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startServer } from '../../admin-api/src/server.ts';
import { freePort } from '../../scripts/lib/postgres.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const redisServer = spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout.trim();

type Api = { url: string; close(): Promise<void> };

async function startApi(
  databaseUrl: string,
  rateLimits: RateLimitOverrides,
  env: Record<string, string> = {},
): Promise<Api> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent', ...env });
  const { server, close } = await startServer(config, createLogger(config.logLevel), { rateLimits });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}

async function me(api: Api, key: string) {
  const started = performance.now();
  const response = await fetch(`${api.url}/api/auth/me`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

describe('rate limits', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const keys: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    for (let i = 0; i < 6; i++) keys.push((await createApiKey(pool, { name: `k${i}`, scopes: ['events.read'] })).key);
  });
  after(async () => {
    await pool.end();
    await database.drop();
  });

  it('limits per API key with 429, Retry-After and X-RateLimit-* headers; keys are independent', async () => {
    const api = await startApi(database.url, { key: { points: 3, durationSec: 60 } });
    try {
      const [a, b] = keys as [string, string];
      const remaining = [];
      for (let i = 0; i < 3; i++) {
        const ok = await me(api, a);
        assert.equal(ok.status, 200);
        assert.equal(ok.headers.get('x-ratelimit-limit'), '3');
        remaining.push(ok.headers.get('x-ratelimit-remaining'));
        assert.ok(Number(ok.headers.get('x-ratelimit-reset')) > 0);
      }
      assert.deepEqual(remaining, ['2', '1', '0']);
      const limited = await me(api, a);
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get('content-type') ?? '', /application\/problem\+json/);
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.match(String(limited.body.message), /rate limit of 3 requests per 60 s exceeded for this API key/);
      // Another key has its own budget.
      assert.equal((await me(api, b)).status, 200);
      assert.equal((await me(api, b)).headers.get('x-ratelimit-remaining'), '1');
    } finally {
      await api.close();
    }
  });

  it('counts failed authentications per IP and then refuses the IP before authenticating', async () => {
    const api = await startApi(database.url, { ip: { points: 4, durationSec: 60 } });
    try {
      const bogus = 'chronos_standard_' + 'A'.repeat(50);
      for (let i = 0; i < 4; i++) assert.equal((await me(api, bogus)).status, 401);
      const refused = await me(api, bogus);
      assert.equal(refused.status, 429);
      assert.match(String(refused.body.message), /this IP address/);
      // The IP is exhausted, so even a valid key from it waits (the budget protects the lookup).
      assert.equal((await me(api, keys[2]!)).status, 429);
    } finally {
      await api.close();
    }
  });

  describe(
    'with Redis',
    // In CI the Redis path must run (.ci/run installs redis-server), so it is never skipped there.
    {
      skip:
        redisServer || process.env.CI === 'true'
          ? false
          : 'redis-server is not installed (apt-get install redis-server)',
    },
    () => {
      let redis: ChildProcess;
      let redisUrl: string;

      before(async () => {
        const port = await freePort();
        redisUrl = `redis://127.0.0.1:${port}`;
        redis = spawn(
          redisServer,
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          {
            stdio: 'ignore',
          },
        );
        const deadline = Date.now() + 10_000;
        while (
          !(await fetch(`http://127.0.0.1:${port}`).then(
            () => true,
            (e: Error) => !/ECONNREFUSED/.test(String(e.cause)),
          ))
        ) {
          if (Date.now() > deadline) throw new Error('redis-server did not start');
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      after(async () => {
        if (redis.exitCode === null) redis.kill('SIGKILL');
        // The login limiters (auth module) keep a process-wide Redis client that server close()
        // does not end yet; without this the test process would never exit.
        const store = await import('../../admin-api/src/http/rate-limit-store.ts').catch(() => null);
        await store?.closeRateLimitStores();
      });

      it('shares counters between two app instances, and keeps limiting in memory when Redis dies', async () => {
        const limits = { key: { points: 4, durationSec: 60 } };
        const one = await startApi(database.url, limits, { REDIS_URL: redisUrl });
        const two = await startApi(database.url, limits, { REDIS_URL: redisUrl });
        try {
          const key = keys[3]!;
          // Wait until both instances are connected (their first command may race the connect).
          assert.equal((await me(one, key)).status, 200);
          assert.equal((await me(two, key)).status, 200);
          assert.equal((await me(one, key)).headers.get('x-ratelimit-remaining'), '1');
          assert.equal((await me(two, key)).headers.get('x-ratelimit-remaining'), '0');
          assert.equal((await me(one, key)).status, 429, 'the 5th request across both instances is refused');

          redis.kill('SIGKILL');
          await new Promise((resolve) => redis.once('exit', resolve));
          // The insurance limiter (memory, per instance) takes over at once: no hang, no 500.
          const fresh = keys[4]!;
          const statuses = [];
          for (let i = 0; i < 5; i++) {
            const r = await me(one, fresh);
            assert.ok(r.ms < 1500, `answered in ${r.ms} ms`);
            statuses.push(r.status);
          }
          assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
          assert.equal((await me(two, fresh)).status, 200, 'memory counters are per instance');
        } finally {
          await one.close();
          await two.close();
        }
      });
    },
  );
});
