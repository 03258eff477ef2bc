// Security detection (detect.ts) against real PostgreSQL, and /api/v1/security-incidents
// over HTTP: brute force after 5 failures from one IP (once per window), new-IP detection
// (not on first use), admin-key throttling, listing with filters, acknowledging.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { onApiKeyUsed, onAuthFailure } from '../../admin-api/src/modules/security/detect.ts';
import { riskScore } from '../../admin-api/src/modules/security/risk.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

describe('security incidents', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let admin: string;
  let ctx: { pool: pg.Pool; logger: ReturnType<typeof createLogger> };

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    ctx = { pool, logger: createLogger('silent') };
    admin = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, key = admin) => request(api.url, method, path, { token: key });
  const incidents = async (filter: Json) =>
    (await call('GET', `/api/v1/security-incidents?filter=${encodeURIComponent(JSON.stringify(filter))}`))
      .body as Json[];

  it('raises brute_force on the 5th failure from one IP, once per window, and audits each failure', async () => {
    const results = [];
    for (let i = 0; i < 8; i++)
      results.push(await onAuthFailure(ctx, { ip: '203.0.113.7', reason: 'invalid_api_key', actor: { label: 'x' } }));
    assert.deepEqual(
      results.map((r) => r.failures),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(
      results.map((r) => r.incident !== null),
      [false, false, false, false, true, false, false, false],
    );
    // Failures from other IPs do not count towards this one.
    for (let i = 0; i < 4; i++) await onAuthFailure(ctx, { ip: '198.51.100.1', reason: 'bad_password' });
    const found = await incidents({ kind: 'brute_force' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.ip, '203.0.113.7');
    assert.equal(found[0]!.severity, 'high');
    assert.equal(found[0]!.open, true);
    const audit = await pool.query(
      `SELECT count(*)::int AS n, max(risk_score) AS top FROM audit_log WHERE action = 'auth_failed' AND ip = '203.0.113.7'`,
    );
    assert.equal(audit.rows[0].n, 8);
    assert.ok(audit.rows[0].top > 40);
  });

  it('raises a new brute_force incident once the previous one is acknowledged', async () => {
    const [open] = await incidents({ kind: 'brute_force', open: true });
    const acked = await call('POST', `/api/v1/security-incidents/${open!.id}/acknowledge`);
    assert.equal(acked.status, 200);
    assert.equal(acked.body.open, false);
    assert.ok(acked.body.acknowledged_at);
    // Idempotent, audited once.
    assert.equal(
      (await call('POST', `/api/v1/security-incidents/${open!.id}/acknowledge`)).body.acknowledged_at,
      acked.body.acknowledged_at,
    );
    const audit = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'security_incident' AND action = 'acknowledge'`,
    );
    assert.equal(audit.rows[0].n, 1);
    const next = await onAuthFailure(ctx, { ip: '203.0.113.7', reason: 'invalid_api_key' });
    assert.ok(next.incident, 'a fresh incident after acknowledgement');
    assert.equal((await incidents({ kind: 'brute_force', open: true })).length, 1);
    assert.equal((await incidents({ kind: 'brute_force', open: false })).length, 1);
  });

  it('detects a key used from a new IP, but not on its first use or a known IP', async () => {
    const key = await createApiKey(pool, { name: 'worker', scopes: ['events.read'] });
    const use = (ip: string) =>
      onApiKeyUsed(ctx, { keyId: key.row.id, keyName: 'worker', ip, scopes: ['events.read'] });
    assert.deepEqual(await use('192.0.2.1'), [], 'first use ever');
    assert.deepEqual(await use('192.0.2.1'), [], 'known IP');
    const raised = await use('192.0.2.99');
    assert.equal(raised.length, 1);
    assert.equal(raised[0]!.kind, 'api_key_new_ip');
    assert.equal(raised[0]!.actor_id, key.row.id);
    assert.deepEqual(await use('192.0.2.99'), []);
    const ips = await pool.query(
      `SELECT host(ip) AS ip, use_count::int AS n FROM api_key_ips WHERE api_key_id = $1 ORDER BY ip`,
      [key.row.id],
    );
    assert.deepEqual(ips.rows, [
      { ip: '192.0.2.1', n: 2 },
      { ip: '192.0.2.99', n: 2 },
    ]);
  });

  it('records admin-scope key use at most once per key per hour', async () => {
    const a = await createApiKey(pool, { name: 'ops-a', scopes: ['admin'] });
    const b = await createApiKey(pool, { name: 'ops-b', scopes: ['admin'] });
    const use = (k: typeof a) =>
      onApiKeyUsed(ctx, { keyId: k.row.id, keyName: k.row.name, ip: '10.0.0.1', scopes: ['admin'] });
    assert.deepEqual(
      (await use(a)).map((i) => i.kind),
      ['admin_scope_key_used'],
    );
    assert.deepEqual(await use(a), []);
    assert.deepEqual(
      (await use(b)).map((i) => [i.kind, i.severity]),
      [['admin_scope_key_used', 'low']],
    );
    // Concurrent uses still give one incident per key.
    const c = await createApiKey(pool, { name: 'ops-c', scopes: ['admin'] });
    await Promise.all(Array.from({ length: 10 }, () => use(c)));
    // (The test's own admin key raises one too, through authentication: not counted here.)
    const ours = new Set([a, b, c].map((k) => k.row.id));
    const raised = (await incidents({ kind: 'admin_scope_key_used' })).filter((i) => ours.has(i.actor_id as string));
    assert.equal(raised.length, 3);
  });

  it('lists with filters, sorting and list headers; gets one; 404s and validates', async () => {
    const all = await call('GET', '/api/v1/security-incidents');
    assert.equal(all.status, 200);
    assert.equal(Number(all.headers.get('x-total-count')), all.body.length);
    const severe = await call(
      'GET',
      `/api/v1/security-incidents?sort=${encodeURIComponent('["severity","DESC"]')}&filter=${encodeURIComponent('{"severity":["high","medium"]}')}`,
    );
    assert.deepEqual([...new Set(severe.body.map((i: Json) => i.severity))], ['high', 'medium']);
    assert.equal((await incidents({ from: new Date(Date.now() + 60_000).toISOString() })).length, 0);
    assert.equal((await incidents({ q: '203.0.113' })).length, 2);
    const one = await call('GET', `/api/v1/security-incidents/${all.body[0].id}`);
    assert.deepEqual(one.body, all.body[0]);
    assert.equal((await call('GET', '/api/v1/security-incidents/00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await call('POST', '/api/v1/security-incidents/nope/acknowledge')).status, 400);
    assert.equal(
      (await call('GET', `/api/v1/security-incidents?filter=${encodeURIComponent('{"severity":"apocalyptic"}')}`))
        .status,
      400,
    );
  });

  it('scores risk within 0–100, higher for dangerous contexts', () => {
    assert.equal(riskScore('read'), 0);
    assert.equal(riskScore('create'), 20);
    assert.ok(riskScore('delete', { adminScope: true }) > riskScore('delete'));
    assert.equal(riskScore('auth_failed', { failuresFromIp: 1000, adminScope: true, newIp: true }), 100);
  });
});
