// /api/v1/audit over HTTP: list filters and sorting, single records, chain verification,
// tampering detected (with a critical incident), and the database refusing changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

describe('audit resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let admin: string;
  let adminId: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'root', scopes: ['admin'] });
    admin = created.key;
    adminId = created.row.id;
    for (const name of ['alpha', 'beta', 'gamma'])
      assert.equal((await call('POST', '/api/v1/api-keys', { name, scopes: ['events.read'] })).status, 200);
    const admins = await call('POST', '/api/v1/api-keys', { name: 'second-admin', scopes: ['admin'] });
    assert.equal(admins.status, 200);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = admin) =>
    request(api.url, method, path, { token: key, body });
  const list = (filter: Json = {}, sort?: [string, string], range?: [number, number]) =>
    call(
      'GET',
      `/api/v1/audit?filter=${encodeURIComponent(JSON.stringify(filter))}` +
        (sort ? `&sort=${encodeURIComponent(JSON.stringify(sort))}` : '') +
        (range ? `&range=${encodeURIComponent(JSON.stringify(range))}` : ''),
    );

  it('lists newest first by default with hashes as hex and the list headers', async () => {
    const page = await list();
    assert.equal(page.status, 200);
    const total = Number(page.headers.get('x-total-count'));
    assert.ok(total >= 5, `total ${total}`);
    const seqs = page.body.map((r: Json) => r.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a: number, b: number) => b - a),
    );
    const first = page.body[0] as Json;
    assert.match(first.id as string, /^[0-9a-f-]{36}$/);
    assert.equal(typeof first.seq, 'number');
    assert.match(first.row_hash as string, /^[0-9a-f]{64}$/);
    assert.match(first.prev_hash as string, /^[0-9a-f]{64}$/);
    assert.match(page.headers.get('content-range') ?? '', /^audit 0-\d+\/\d+$/);
  });

  it('filters by actor, entity, action, success, risk, time window and q', async () => {
    const byActor = await list({ actor_id: adminId, entity: 'api_key', action: 'create' });
    assert.equal(byActor.body.length, 4);
    for (const r of byActor.body as Json[]) {
      assert.equal(r.actor_type, 'api_key');
      assert.equal(r.actor_label, 'root');
      assert.equal(r.success, true);
      assert.equal(r.ip, '127.0.0.1');
    }
    const risky = await list({ entity: 'api_key', actor_type: 'api_key', min_risk: 50 });
    assert.deepEqual(
      risky.body.map((r: Json) => (r.new_value as Json).name),
      ['second-admin'],
    );
    const all = await list({ action: ['create'], actor_type: 'api_key' });
    assert.equal(all.body.length, 4);
    assert.equal((await list({ success: false })).body.length, 0);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await list({ from: future })).body.length, 0);
    assert.ok((await list({ to: future, from: '2000-01-01T00:00:00Z' })).body.length >= 4);
    const q = await list({ q: 'secon' });
    assert.ok(q.body.length === 0 || q.body.every((r: Json) => String(r.actor_label).includes('secon')));
    assert.equal((await list({ q: 'root', action: 'create' })).body.length, 4);
    const sorted = await list({}, ['risk_score', 'DESC'], [0, 0]);
    assert.equal(sorted.body[0].risk_score, 50);
    for (const bad of [{ min_risk: 101 }, { success: 'yes' }, { from: 'yesterday' }, { actor_type: 'robot' }]) {
      const response = await list(bad);
      assert.equal(response.status, 400, JSON.stringify(bad));
    }
    assert.equal((await list({}, ['actor_id', 'ASC'])).status, 400);
  });

  it('gets one record by id, 404 for an unknown id, 400 for a malformed one', async () => {
    const [first] = (await list({}, ['seq', 'ASC'], [0, 0])).body as Json[];
    const one = await call('GET', `/api/v1/audit/${first!.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, first);
    assert.equal((await call('GET', '/api/v1/audit/00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await call('GET', '/api/v1/audit/12')).status, 400);
  });

  it('needs the admin scope', async () => {
    const weak = (await createApiKey(pool, { name: 'weak', scopes: ['events.read'] })).key;
    assert.equal((await call('GET', '/api/v1/audit', undefined, weak)).status, 403);
    assert.equal((await call('POST', '/api/v1/audit/verify', undefined, weak)).status, 403);
  });

  it('verifies an intact chain and reports its head', async () => {
    const result = await call('POST', '/api/v1/audit/verify');
    assert.equal(result.status, 200);
    const head = await pool.query(`SELECT seq, encode(row_hash, 'hex') AS h FROM audit_log ORDER BY seq DESC LIMIT 1`);
    assert.deepEqual(result.body, {
      intact: true,
      checked: Number(head.rows[0].seq),
      first_broken: null,
      head: { seq: Number(head.rows[0].seq), row_hash: head.rows[0].h },
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    for (const sql of [
      `UPDATE audit_log SET risk_score = 0 WHERE seq = 1`,
      `DELETE FROM audit_log WHERE seq = 1`,
      `TRUNCATE audit_log`,
    ]) {
      await assert.rejects(pool.query(sql), /append-only/, sql);
    }
  });

  it('finds a tampered row and records a critical incident (once)', async () => {
    const client = await pool.connect();
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await client.query(`UPDATE audit_log SET new_value = '{"name":"forged"}' WHERE seq = 2`);
    } finally {
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      client.release();
    }
    const result = await call('POST', '/api/v1/audit/verify');
    assert.equal(result.status, 200);
    assert.equal(result.body.intact, false);
    assert.equal(result.body.first_broken.seq, 2);
    assert.match(result.body.first_broken.reason, /altered/);
    await call('POST', '/api/v1/audit/verify');
    const incidents = await call(
      'GET',
      `/api/v1/security-incidents?filter=${encodeURIComponent('{"kind":"audit_chain_broken"}')}`,
    );
    assert.equal(incidents.status, 200);
    assert.equal(incidents.body.length, 1);
    assert.equal(incidents.body[0].severity, 'critical');
    assert.equal(incidents.body[0].details.seq, 2);
  });
});
