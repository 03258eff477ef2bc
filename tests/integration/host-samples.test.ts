// POST /api/v1/health/samples, the sample list and the hosts overview over HTTP against real
// PostgreSQL: idempotent pushes, field-level 400s, GPU figures unknown = null, no GPU = absent,
// service failures, the post-reboot validation (and its health.alert), scopes, pruning.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pruneHealthSamples } from '../../admin-api/src/jobs/prune-health-samples.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { gpu, sample } from '../helpers/health-samples.ts';
import { request } from '../helpers/http.ts';

describe('host samples', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agent: string;
  let manager: string;
  let admin: string;
  const now = Date.now();
  const minutesAgo = (m: number) => Math.floor(now / 1000) * 1000 - m * 60_000;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    agent = (await createApiKey(pool, { name: 'agent gpu-01', scopes: ['health.report', 'commands.manage'] })).key;
    manager = (await createApiKey(pool, { name: 'n8n healing', scopes: ['health.manage'] })).key;
    admin = (await createApiKey(pool, { name: 'operator', scopes: ['admin'] })).key;
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/health', ARRAY['health.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const push = (body: unknown, token = agent) => request(api.url, 'POST', '/api/v1/health/samples', { token, body });
  const get = (path: string, token = manager) => request(api.url, 'GET', path, { token });
  const count = async (sql: string, values: unknown[] = []) => Number((await pool.query(sql, values)).rows[0].count);

  it('stores a sample once: a re-send of the same (host, taken_at) answers duplicate true', async () => {
    const body = sample('gpu-01', minutesAgo(30), { gpus: [gpu()] });
    const first = await push(body);
    assert.equal(first.status, 202, first.text);
    assert.equal(first.body.duplicate, false);
    const again = await push(body);
    assert.equal(again.status, 202, again.text);
    assert.deepEqual(again.body, { id: first.body.id, duplicate: true });
    assert.equal(await count(`SELECT count(*) FROM health_samples WHERE host = 'gpu-01'`), 1);
    const stored = (await pool.query('SELECT metrics, taken_at FROM health_samples WHERE id = $1', [first.body.id]))
      .rows[0];
    assert.equal(stored.taken_at.toISOString(), body.taken_at);
    assert.equal(stored.metrics.host, undefined);
    assert.equal(stored.metrics.gpus[0].uuid, gpu().uuid);
  });

  it('keeps unknown GPU figures as null (never 0) and a GPU-less host without gpus', async () => {
    const unknown = sample('gpu-02', minutesAgo(29), {
      gpus: [{ ...gpu(), utilization_percent: null, temperature_c: null, power_draw_w: null, power_limit_w: null }],
    });
    const r = await push(unknown);
    assert.equal(r.status, 202, r.text);
    const g = (await pool.query('SELECT metrics FROM health_samples WHERE id = $1', [r.body.id])).rows[0].metrics
      .gpus[0];
    assert.equal(g.utilization_percent, null);
    assert.equal(g.temperature_c, null);
    assert.equal(g.power_draw_w, null);
    // Omitted unknown figures are stored as null too.
    const { clocks_sm_mhz: _omitted, ...partial } = gpu();
    const omitted = await push(sample('gpu-02', minutesAgo(28), { gpus: [partial as ReturnType<typeof gpu>] }));
    const g2 = (await pool.query('SELECT metrics FROM health_samples WHERE id = $1', [omitted.body.id])).rows[0].metrics
      .gpus[0];
    assert.equal(g2.clocks_sm_mhz, null);

    const cpuOnly = await push(sample('cpu-01', minutesAgo(28)));
    assert.equal(cpuOnly.status, 202);
    const metrics = (await pool.query('SELECT metrics FROM health_samples WHERE id = $1', [cpuOnly.body.id])).rows[0]
      .metrics;
    assert.equal('gpus' in metrics, false);
    assert.equal('gpu_error' in metrics, false);
  });

  it('refuses bad samples with a 400 naming every bad field, and stores nothing', async () => {
    const before = await count('SELECT count(*) FROM health_samples');
    const bad = sample('bad host!', minutesAgo(5), {
      cpu: { percent: 150 },
      gpus: [{ ...gpu(), utilization_percent: '[N/A]' as unknown as number }],
      services: [{ name: 'n8n', kind: 'http', status: 'sideways' as 'up' }],
    });
    const r = await push({ ...bad, taken_at: 'yesterday', memory: undefined });
    assert.equal(r.status, 400, r.text);
    assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
    for (const field of [
      'host',
      'taken_at',
      'memory',
      'cpu.percent',
      'gpus.0.utilization_percent',
      'services.0.status',
    ])
      assert.ok(field in r.body.errors, `${field} in ${r.text}`);
    const future = await push(sample('gpu-01', now + 60 * 60_000));
    assert.equal(future.status, 400);
    assert.match(future.body.errors.taken_at, /ahead of this server's clock/);
    const notJson = await request(api.url, 'POST', '/api/v1/health/samples', {
      token: agent,
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.status, 400);
    assert.equal(await count('SELECT count(*) FROM health_samples'), before);
  });

  it('refuses a body over 1 MB', async () => {
    const huge = sample('gpu-01', minutesAgo(4), {
      services: Array.from({ length: 200 }, (_, i) => ({
        name: `svc-${i}`,
        kind: 'http' as const,
        status: 'up' as const,
        detail: 'x'.repeat(2000),
      })),
      xid_errors: Array.from({ length: 1000 }, () => ({
        at: new Date(minutesAgo(4)).toISOString(),
        pci_bus_id: null,
        code: 13,
        message: 'y'.repeat(1000),
      })),
    });
    const r = await push(huge);
    assert.equal(r.status, 413, r.text.slice(0, 200));
  });

  it('records a service failure per service reported down (not again for a re-send)', async () => {
    const body = sample('svc-01', minutesAgo(20), {
      services: [
        { name: 'n8n', kind: 'http', status: 'down', latency_ms: 3000, detail: 'HTTP 502' },
        { name: 'ollama', kind: 'systemd', status: 'down', detail: 'inactive (dead)' },
        { name: 'redis', kind: 'container', status: 'up' },
      ],
    });
    assert.equal((await push(body)).status, 202);
    assert.equal((await push(body)).status, 202);
    const rows = (
      await pool.query(
        `SELECT service, failed_at, details FROM service_failures WHERE host = 'svc-01' ORDER BY service`,
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => r.service),
      ['n8n', 'ollama'],
    );
    assert.equal(rows[0].failed_at.toISOString(), body.taken_at);
    assert.equal(rows[0].details.detail, 'HTTP 502');
  });

  it('stores the post-reboot validation as a resolved health event: info when all came back, critical (alerted) otherwise', async () => {
    const ok = await push({
      ...sample('boot-01', minutesAgo(15)),
      uptime_s: 42,
      reboot_validation: { services_up: ['n8n', 'ollama'], services_down: [] },
    });
    assert.equal(ok.status, 202, ok.text);
    const bad = await push({
      ...sample('boot-02', minutesAgo(15)),
      uptime_s: 40,
      reboot_validation: { services_up: ['n8n'], services_down: ['ollama'] },
    });
    assert.equal(bad.status, 202, bad.text);
    const events = (
      await pool.query(
        `SELECT host, severity, details, resolved_at IS NOT NULL AS resolved FROM health_events
          WHERE kind = 'post_reboot_validation' ORDER BY host`,
      )
    ).rows;
    assert.deepEqual(
      events.map((e) => [e.host, e.severity, e.resolved]),
      [
        ['boot-01', 'info', true],
        ['boot-02', 'critical', true],
      ],
    );
    assert.deepEqual(events[1].details.services_down, ['ollama']);
    const alerts = (await pool.query(`SELECT payload FROM outbox WHERE event_type = 'health.alert'`)).rows;
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].payload.data.host, 'boot-02');
    assert.equal(alerts[0].payload.data.kind, 'post_reboot_validation');
    // Listed as health events.
    const listed = await get(`/api/v1/health-events?filter=${encodeURIComponent('{"kind":"post_reboot_validation"}')}`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.length, 2);
  });

  it('lists samples (filters host and time window) and hosts with the age of their newest sample', async () => {
    for (const m of [12, 11, 10]) await push(sample('list-01', minutesAgo(m)));
    const filter = JSON.stringify({
      host: 'list-01',
      taken_from: new Date(minutesAgo(11)).toISOString(),
      taken_to: new Date(minutesAgo(10)).toISOString(),
    });
    const page = await get(`/api/v1/health/samples?filter=${encodeURIComponent(filter)}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.length, 1);
    assert.equal(page.body[0].taken_at, new Date(minutesAgo(11)).toISOString());
    assert.equal(page.headers.get('content-range'), 'health-samples 0-0/1');
    const bad = await get(`/api/v1/health/samples?filter=${encodeURIComponent('{"taken_from":"soon"}')}`);
    assert.equal(bad.status, 400);

    const hosts = await get('/api/v1/health/hosts');
    assert.equal(hosts.status, 200, hosts.text);
    const list01 = hosts.body.find((h: { host: string }) => h.host === 'list-01');
    assert.equal(list01.id, 'list-01');
    assert.equal(list01.taken_at, new Date(minutesAgo(10)).toISOString());
    assert.ok(list01.age_s >= 600 && list01.age_s < 700, String(list01.age_s));
    assert.equal(list01.agent_version, '0.1.0');
    const sorted = await get(`/api/v1/health/hosts?sort=${encodeURIComponent('["age_s","ASC"]')}`);
    const ages = sorted.body.map((h: { age_s: number }) => h.age_s);
    assert.deepEqual(
      ages,
      [...ages].sort((a: number, b: number) => a - b),
    );
  });

  it('needs health.report to push and health.manage to read (admin may do both)', async () => {
    const body = sample('scope-01', minutesAgo(3));
    assert.equal((await push(body, manager)).status, 403);
    assert.equal((await push(body, admin)).status, 202);
    assert.equal((await get('/api/v1/health/samples', agent)).status, 403);
    assert.equal((await get('/api/v1/health/hosts', agent)).status, 403);
    assert.equal((await get('/api/v1/health/samples', admin)).status, 200);
    assert.equal((await request(api.url, 'POST', '/api/v1/health/samples', { body })).status, 401);
  });

  it('prunes samples and service failures older than the retention, keeping recent ones', async () => {
    await pool.query(
      `INSERT INTO health_samples (host, taken_at, metrics)
       SELECT 'old-01', now() - interval '20 days' - g * interval '1 minute', '{}'::jsonb FROM generate_series(1, 30) g`,
    );
    await pool.query(
      `INSERT INTO service_failures (host, service, failed_at) VALUES ('old-01', 'n8n', now() - interval '20 days')`,
    );
    const recent = await count('SELECT count(*) FROM health_samples WHERE taken_at > now() - interval $$14 days$$');
    const result = await pruneHealthSamples(pool, 14);
    assert.deepEqual(result, { deleted: 31, more: false });
    assert.equal(await count(`SELECT count(*) FROM health_samples WHERE host = 'old-01'`), 0);
    assert.equal(await count(`SELECT count(*) FROM service_failures WHERE host = 'old-01'`), 0);
    assert.equal(await count('SELECT count(*) FROM health_samples'), recent);
  });
});
