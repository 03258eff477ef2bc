// /metrics beyond request durations and the pool: outbox depth and lag, delivery attempts by
// outcome (from the real relay delivering to a real HTTP receiver), backup age and duration,
// agent sample age per host and open health events — each after real actions or rows, with
// exact values; a scrape whose database query times out still answers (without those
// series); the query plan uses indexes, not scans of the history tables; no secrets.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { createMetrics } from '../../admin-api/src/modules/metrics/registry.ts';
import { OPERATIONS_SQL } from '../../admin-api/src/modules/metrics/repo.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, TEST_JWT_SECRET, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

/** The value of one series in Prometheus text format; undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

async function scrape(api: TestApi): Promise<string> {
  const response = await fetch(`${api.url}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('metrics: deliveries through the real relay', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let api: TestApi;
  let receiver: http.Server;
  let adminKey: string;
  const secrets: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    // /ok accepts, /reject refuses for good (400 → dead), /busy asks to come back in an hour.
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/ok') res.writeHead(200).end('ok');
        else if (req.url === '/reject') res.writeHead(400).end('no');
        else res.writeHead(503, { 'retry-after': '3600' }).end('busy');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    api = await startTestApi(database.url, { RELAY_ENABLED: 'true' });
    adminKey = (await createApiKey(pool, { name: 'metrics-admin', scopes: ['admin'] })).key;
  });
  after(async () => {
    await api?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
    await pool?.end();
    await database?.drop();
  });

  it('counts attempts by outcome and the resulting outbox depth by status and channel', async () => {
    const { port } = receiver.address() as AddressInfo;
    for (const path of ['/ok', '/reject', '/busy']) {
      const created = await request(api.url, 'POST', '/api/v1/subscriptions', {
        token: adminKey,
        body: { url: `http://127.0.0.1:${port}${path}`, event_types: ['event.created'] },
      });
      assert.equal(created.status, 200, created.text);
      secrets.push(created.body.secret);
    }
    const event = await request(api.url, 'POST', '/api/v1/events', {
      token: adminKey,
      body: { title: 'Metrics', start_at: '2030-01-01T10:00:00Z', end_at: '2030-01-01T11:00:00Z' },
    });
    assert.equal(event.status, 200, event.text);
    await waitFor(
      async () => (await pool.query(`SELECT 1 FROM delivery_attempts WHERE finished_at IS NOT NULL`)).rowCount === 3,
      'three settled attempts',
    );

    const text = await scrape(api);
    assert.equal(sample(text, 'chronos_metrics_db_collect_success'), 1);
    assert.equal(sample(text, 'chronos_outbox_delivery_attempts_recent', { outcome: 'delivered' }), 1);
    assert.equal(sample(text, 'chronos_outbox_delivery_attempts_recent', { outcome: 'failed' }), 2);
    assert.equal(sample(text, 'chronos_outbox_delivery_attempts_recent', { outcome: 'timeout' }), 0);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'dead', channel: 'webhook' }), 1);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'pending', channel: 'webhook' }), 1);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'in_flight', channel: 'webhook' }), 0);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'pending', channel: 'mail' }), 0);
    // The busy row waits out its Retry-After: pending, but not due, so no lag.
    assert.equal(sample(text, 'chronos_outbox_lag_seconds'), 0);
    // Request durations and the pool are still there.
    assert.match(text, /chronos_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/events"/);
    assert.ok((sample(text, 'chronos_db_pool_connections') ?? 0) >= 1);

    for (const secret of [adminKey, ...secrets, TEST_JWT_SECRET, TEST_ENCRYPTION_KEY, 'test-only-password'])
      assert.ok(!text.includes(secret), 'no secret in /metrics');
  });
});

describe('metrics: operational tables', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let api: TestApi;

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    api = await startTestApi(database.url);
  });
  after(async () => {
    await api?.close();
    await pool?.end();
    await database?.drop();
  });

  it('exports zeros (and leaves out what does not exist yet) on an empty database', async () => {
    const text = await scrape(api);
    assert.equal(sample(text, 'chronos_metrics_db_collect_success'), 1);
    assert.equal(sample(text, 'chronos_outbox_lag_seconds'), 0);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'pending', channel: 'telegram' }), 0);
    assert.equal(sample(text, 'chronos_health_events_open', { severity: 'critical' }), 0);
    assert.equal(sample(text, 'chronos_backup_last_completed_age_seconds'), undefined);
    assert.doesNotMatch(text, /^chronos_agent_sample_age_seconds\{/m);
  });

  it('outbox lag and depth, backup age and duration, sample age per host, open events by severity', async () => {
    await pool.query(
      `INSERT INTO outbox (event_type, channel, payload, idempotency_key, available_at)
       VALUES ('telegram.send', 'telegram', '{}', 'm-late', now() - interval '10 minutes'),
              ('telegram.send', 'telegram', '{}', 'm-later', now() + interval '1 hour')`,
    );
    await pool.query(
      `INSERT INTO backups (status, kind, target, location, object_key, size_bytes, sha256, duration_ms,
                            started_at, finished_at)
       VALUES ('completed', 'daily', 'folder', '/b', 'old.tar.gz', 1, repeat('a', 64), 99000,
               now() - interval '26 hours', now() - interval '25 hours'),
              ('completed', 'daily', 'folder', '/b', 'new.tar.gz', 1, repeat('b', 64), 42500,
               now() - interval '2 hours' - interval '42.5 seconds', now() - interval '2 hours')`,
    );
    // A newer failed backup does not count.
    await pool.query(
      `INSERT INTO backups (status, target, started_at, finished_at, error)
       VALUES ('failed', 'folder', now() - interval '5 minutes', now() - interval '4 minutes', 'disk full')`,
    );
    await pool.query(
      `INSERT INTO health_samples (host, taken_at, metrics)
       SELECT 'gpu-1', now() - make_interval(secs => 90 + i * 10), '{}'::jsonb FROM generate_series(0, 20) AS i
       UNION ALL SELECT 'db-1', now() - interval '10 seconds', '{}'::jsonb`,
    );
    await pool.query(
      `INSERT INTO health_events (host, kind, severity, resolved_at)
       VALUES ('gpu-1', 'gpu_temperature', 'warning', NULL), ('gpu-1', 'gpu_overload', 'warning', NULL),
              ('db-1', 'disk_low', 'critical', NULL), ('db-1', 'service_down', 'critical', now())`,
    );

    const text = await scrape(api);
    const near = (actual: number | undefined, expected: number, slack: number, what: string) =>
      assert.ok(actual !== undefined && Math.abs(actual - expected) <= slack, `${what}: ${actual} vs ${expected}`);
    near(sample(text, 'chronos_outbox_lag_seconds'), 600, 60, 'lag');
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'pending', channel: 'telegram' }), 2);
    near(sample(text, 'chronos_backup_last_completed_age_seconds'), 7200, 60, 'backup age');
    assert.equal(sample(text, 'chronos_backup_last_duration_seconds'), 42.5);
    near(sample(text, 'chronos_agent_sample_age_seconds', { host: 'gpu-1' }), 90, 30, 'gpu-1 sample age');
    near(sample(text, 'chronos_agent_sample_age_seconds', { host: 'db-1' }), 10, 30, 'db-1 sample age');
    assert.equal(sample(text, 'chronos_health_events_open', { severity: 'warning' }), 2);
    assert.equal(sample(text, 'chronos_health_events_open', { severity: 'critical' }), 1);
    assert.equal(sample(text, 'chronos_health_events_open', { severity: 'info' }), 0);
  });

  it('a scrape whose query times out still answers, without the database series', async () => {
    const metrics = createMetrics(pool, { attemptWindowS: 300, queryTimeoutMs: 300 });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE backups IN ACCESS EXCLUSIVE MODE');
      const text = await metrics.registry.metrics();
      assert.equal(sample(text, 'chronos_metrics_db_collect_success'), 0);
      assert.doesNotMatch(text, /^chronos_outbox_depth\{/m);
      assert.ok(sample(text, 'chronos_db_pool_connections') !== undefined);
      assert.ok(sample(text, 'chronos_metrics_db_collect_duration_seconds')! >= 0.3);
      await locker.query('ROLLBACK');
      const recovered = await metrics.registry.metrics();
      assert.equal(sample(recovered, 'chronos_metrics_db_collect_success'), 1);
      assert.equal(sample(recovered, 'chronos_outbox_depth', { status: 'pending', channel: 'telegram' }), 2);
    } finally {
      await locker.end();
    }
  });

  it('reads large history tables through indexes (EXPLAIN), and history does not count as depth', async () => {
    // History: 20 000 delivered rows with old attempts, 20 000 samples of 4 hosts.
    await pool.query(
      `WITH rows AS (
         INSERT INTO outbox (event_type, channel, payload, idempotency_key, status, attempts, starts, delivered_at,
                             created_at)
         SELECT 'event.created', 'webhook', '{}', 'hist-' || i, 'delivered', 1, 1, now() - interval '2 days',
                now() - interval '2 days'
           FROM generate_series(1, 20000) AS i
         RETURNING id)
       INSERT INTO delivery_attempts (outbox_id, attempt, started_at, finished_at, duration_ms, outcome)
       SELECT id, 1, now() - interval '2 days', now() - interval '2 days', 5, 'delivered' FROM rows`,
    );
    await pool.query(
      `INSERT INTO health_samples (host, taken_at, metrics)
       SELECT 'host-' || (i % 4), now() - interval '1 day' - make_interval(secs => i), '{}'
         FROM generate_series(1, 20000) AS i`,
    );
    await pool.query('ANALYZE outbox, delivery_attempts, health_samples, health_events, backups');

    const plan = (await pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${OPERATIONS_SQL}`, [300]))
      .rows[0]!['QUERY PLAN'];
    const scans: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n['Node Type'] === 'Seq Scan') scans.push(String(n['Relation Name']));
      for (const value of Object.values(n)) if (typeof value === 'object') walk(value);
    };
    walk(plan);
    for (const table of ['outbox', 'delivery_attempts', 'health_samples'])
      assert.ok(!scans.includes(table), `sequential scan of ${table}: ${JSON.stringify(plan)}`);

    const text = await scrape(api);
    assert.equal(sample(text, 'chronos_outbox_depth', { status: 'pending', channel: 'webhook' }), 0);
    assert.equal(sample(text, 'chronos_outbox_delivery_attempts_recent', { outcome: 'delivered' }), 0);
    assert.equal(sample(text, 'chronos_agent_sample_age_seconds', { host: 'host-1' })! > 86_000, true);
  });
});
