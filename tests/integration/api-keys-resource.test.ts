// /api/v1/api-keys end to end over HTTP: the ra-data-simple-rest list contract, create-once
// secrets, whole-record PUT, rotation with grace, revoke, delete, scope checks, audit rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

describe('API keys resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, { CORS_ORIGINS: 'http://console.test' });
    pool = new pg.Pool({ connectionString: database.url });
    admin = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = admin, headers: Record<string, string> = {}) =>
    request(api.url, method, path, { token: key, body, headers });
  const list = (query: string, key = admin, headers: Record<string, string> = {}) =>
    call('GET', `/api/v1/api-keys${query}`, undefined, key, headers);

  it('creates a key, shows the secret once and never again', async () => {
    const created = await call('POST', '/api/v1/api-keys', {
      name: 'reporting',
      scopes: ['events.read'],
      description: 'BI',
    });
    assert.equal(created.status, 200);
    const key = created.body.key as string;
    assert.match(key, /^chronos_standard_/);
    assert.equal(created.body.status, 'active');
    assert.ok(key.startsWith((created.body.prefix as string).replace('…', '')));
    const fetched = await call('GET', `/api/v1/api-keys/${created.body.id}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.key, undefined);
    assert.ok(!fetched.text.includes(key.slice(-30)));
    // The new key works.
    assert.equal((await call('GET', '/api/auth/me', undefined, key)).status, 200);
  });

  it('lists with Content-Range, X-Total-Count, range, sort and filters', async () => {
    for (const name of ['alpha', 'beta', 'gamma'])
      await call('POST', '/api/v1/api-keys', { name, scopes: ['templates.read'] });
    const page = await list(`?range=${encodeURIComponent('[0,1]')}&sort=${encodeURIComponent('["name","ASC"]')}`);
    assert.equal(page.status, 200);
    assert.equal(page.body.length, 2);
    const total = Number(page.headers.get('x-total-count'));
    assert.ok(total >= 5);
    assert.equal(page.headers.get('content-range'), `api-keys 0-1/${total}`);
    assert.deepEqual(
      page.body.map((k: Json) => k.name),
      ['alpha', 'beta'],
    );
    const filtered = await list(`?filter=${encodeURIComponent('{"scope":"templates.read","q":"amm"}')}`);
    assert.deepEqual(
      filtered.body.map((k: Json) => k.name),
      ['gamma'],
    );
    // getMany arrives as filter={"id":[…]}
    const ids = page.body.map((k: Json) => k.id);
    const many = await list(`?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`);
    assert.deepEqual(many.body.map((k: Json) => k.id).sort(), [...ids].sort());
    // The Range header works when no range parameter is given.
    const byHeader = await list('', admin, { range: 'api-keys=1-2' });
    assert.equal(byHeader.headers.get('content-range'), `api-keys 1-2/${total}`);
    // An empty page still reports the total.
    const empty = await list(`?filter=${encodeURIComponent('{"q":"no-such-key-name"}')}`);
    assert.deepEqual(empty.body, []);
    assert.equal(empty.headers.get('content-range'), 'api-keys */0');
  });

  it('refuses malformed and unknown list parameters with 400 naming them', async () => {
    const cases: Array<[string, string]> = [
      ['?filter=%7Bbroken', 'filter'],
      ['?filter=%5B1%2C2%5D', 'filter'],
      [`?filter=${encodeURIComponent('{"secret_hash":"x"}')}`, 'filter.secret_hash'],
      [`?filter=${encodeURIComponent('{"status":"sleeping"}')}`, 'filter.status'],
      [`?range=${encodeURIComponent('[5,1]')}`, 'range'],
      [`?range=${encodeURIComponent('[0,1000]')}`, 'range'],
      [`?sort=${encodeURIComponent('["secret_hash","ASC"]')}`, 'sort'],
      [`?sort=${encodeURIComponent('["name","SIDEWAYS"]')}`, 'sort'],
      ['?page=2', 'query.page'],
    ];
    for (const [query, field] of cases) {
      const response = await list(query);
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.ok(field in (response.body.errors as Json), `${query}: ${JSON.stringify(response.body.errors)}`);
    }
    assert.equal((await list('', admin, { range: 'bogus' })).status, 400);
  });

  it('validates bodies field by field and writes nothing when refusing', async () => {
    const before = Number((await pool.query('SELECT count(*) FROM api_keys')).rows[0].count);
    const response = await call('POST', '/api/v1/api-keys', {
      name: '',
      scopes: ['events.read', 'root'],
      expires_at: '2001-01-01T00:00:00Z',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(Object.keys(response.body.errors).sort(), ['expires_at', 'name', 'scopes.1']);
    const afterCount = Number((await pool.query('SELECT count(*) FROM api_keys')).rows[0].count);
    assert.equal(afterCount, before);
  });

  it('PUT takes the whole record and ignores read-only fields', async () => {
    const created = await call('POST', '/api/v1/api-keys', { name: 'put-me', scopes: ['events.read'] });
    const record = {
      ...created.body,
      key: undefined,
      name: 'renamed',
      scopes: ['events.read', 'events.write'],
      use_count: 999,
      prefix: 'x',
      id: '00000000-0000-0000-0000-000000000000',
    };
    const updated = await call('PUT', `/api/v1/api-keys/${created.body.id}`, record);
    assert.equal(updated.status, 200);
    assert.equal(updated.body.id, created.body.id);
    assert.equal(updated.body.name, 'renamed');
    assert.deepEqual(updated.body.scopes, ['events.read', 'events.write']);
    assert.equal(updated.body.use_count, created.body.use_count);
    assert.equal(updated.body.prefix, created.body.prefix);
  });

  it('rotates with a grace period during which both keys work', async () => {
    const created = await call('POST', '/api/v1/api-keys', { name: 'rotating', scopes: ['events.read'] });
    const rotated = await call('POST', `/api/v1/api-keys/${created.body.id}/rotate`, { grace_hours: 1 });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.rotated_from, created.body.id);
    assert.equal((await call('GET', '/api/auth/me', undefined, created.body.key)).status, 200);
    assert.equal((await call('GET', '/api/auth/me', undefined, rotated.body.key)).status, 200);
    assert.equal((await call('GET', `/api/v1/api-keys/${created.body.id}`)).body.status, 'grace');
    // A second rotation of the old key is refused.
    assert.equal((await call('POST', `/api/v1/api-keys/${created.body.id}/rotate`, {})).status, 409);
    // Without grace the old key stops at once.
    const again = await call('POST', `/api/v1/api-keys/${rotated.body.id}/rotate`, { grace_hours: 0 });
    assert.equal((await call('GET', '/api/auth/me', undefined, rotated.body.key)).status, 401);
    assert.equal((await call('GET', '/api/auth/me', undefined, again.body.key)).status, 200);
  });

  it('revokes and deletes, returning full records, then 404', async () => {
    const created = await call('POST', '/api/v1/api-keys', { name: 'short-lived', scopes: ['events.read'] });
    const revoked = await call('POST', `/api/v1/api-keys/${created.body.id}/revoke`);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal((await call('GET', '/api/auth/me', undefined, created.body.key)).status, 401);
    const deleted = await call('DELETE', `/api/v1/api-keys/${created.body.id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.id, created.body.id);
    assert.equal((await call('GET', `/api/v1/api-keys/${created.body.id}`)).status, 404);
    assert.equal((await call('GET', '/api/v1/api-keys/not-a-uuid')).status, 400);
  });

  it('answers 403 naming the missing scope, and audits the denial', async () => {
    const weak = await call('POST', '/api/v1/api-keys', { name: 'weak', scopes: ['events.read'] });
    const denied = await call('GET', '/api/v1/api-keys', undefined, weak.body.key);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.missingScope, 'admin');
    assert.match(denied.body.message, /lacks the admin scope/);
    const audit = await pool.query(
      `SELECT success, actor_id FROM audit_log WHERE action = 'access_denied' AND actor_id = $1`,
      [weak.body.id],
    );
    assert.equal(audit.rowCount, 1);
    assert.equal(audit.rows[0].success, false);
  });

  it('audits every change with old and new values, never the secret, in an intact chain', async () => {
    const rows = await pool.query(
      `SELECT action, old_value, new_value FROM audit_log WHERE entity = 'api_key' ORDER BY seq`,
    );
    const actions = new Set(rows.rows.map((r) => r.action));
    for (const action of ['create', 'update', 'rotate', 'revoke', 'delete']) assert.ok(actions.has(action), action);
    const update = rows.rows.find((r) => r.action === 'update');
    assert.equal(update.old_value.name, 'put-me');
    assert.equal(update.new_value.name, 'renamed');
    assert.ok(!JSON.stringify(rows.rows).includes('secret'));
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });

  it('serves the OpenAPI document generated from the schemas, and CORS exposes Content-Range', async () => {
    const doc = await fetch(`${api.url}/api/docs/openapi.json`);
    const body = (await doc.json()) as { openapi: string; paths: Record<string, Json>; components: { schemas: Json } };
    assert.equal(body.openapi, '3.1.0');
    assert.ok(body.paths['/api/v1/api-keys']?.get);
    assert.ok(body.paths['/api/v1/api-keys/{id}/rotate']?.post);
    assert.ok(body.components.schemas.ApiKey);
    const ui = await fetch(`${api.url}/api/docs/`);
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger-ui/i);
    const preflight = await fetch(`${api.url}/api/v1/api-keys`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://console.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,range',
      },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://console.test');
    const listed = await list('', admin, { origin: 'http://console.test' });
    assert.match(listed.headers.get('access-control-expose-headers') ?? '', /Content-Range/);
    assert.match(listed.headers.get('access-control-expose-headers') ?? '', /X-Total-Count/);
  });
});
