// Verified API keys are cached for a few seconds (admin-api/src/modules/api-keys/
// verified-cache.ts). These tests prove the cache never keeps a changed key alive: not in the
// replica that made the change, not in another replica (NOTIFY), not after a change made
// directly in the database, and not while the notification connection is down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('API key verification cache', () => {
  let database: TestDatabase;
  let replicaA: TestApi;
  let replicaB: TestApi;
  let pool: pg.Pool;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    // A long TTL, so only invalidation (never expiry) can explain a refusal.
    const env = { API_KEY_CACHE_TTL_MS: '600000' };
    replicaA = await startTestApi(database.url, env);
    replicaB = await startTestApi(database.url, env);
    pool = new pg.Pool({ connectionString: database.url });
    admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
  });
  after(async () => {
    await replicaA.close();
    await replicaB.close();
    await pool.end();
    await database.drop();
  });

  const me = (api: TestApi, key: string) => request(api.url, 'GET', '/api/auth/me', { token: key });

  /** Status of the key on `api`, polled until it is `status` or `withinMs` passed. */
  async function statusWithin(api: TestApi, key: string, status: number, withinMs: number): Promise<number> {
    const deadline = Date.now() + withinMs;
    let last = (await me(api, key)).status;
    while (last !== status && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      last = (await me(api, key)).status;
    }
    return last;
  }

  async function warmKey(name: string) {
    const created = await createApiKey(pool, { name, scopes: ['events.read'] });
    // Used on both replicas, so both hold it in their cache.
    assert.equal((await me(replicaA, created.key)).status, 200);
    assert.equal((await me(replicaB, created.key)).status, 200);
    return created;
  }

  it('refuses a key revoked through the API at once in the same replica, and promptly in another', async () => {
    const { key, row } = await warmKey('revoked via API');
    const revoked = await request(replicaA.url, 'POST', `/api/v1/api-keys/${row.id}/revoke`, { token: admin });
    assert.equal(revoked.status, 200);
    assert.equal((await me(replicaA, key)).status, 401, 'the replica that revoked must not answer from its cache');
    assert.equal(await statusWithin(replicaB, key, 401, 2000), 401, 'the other replica must learn it by NOTIFY');
  });

  it('follows changes made directly in the database (CLI, another tool)', async () => {
    const { key, row } = await warmKey('changed in SQL');
    await pool.query(`UPDATE api_keys SET scopes = '{}' WHERE id = $1`, [row.id]);
    const deadline = Date.now() + 2000;
    let scopes: string[] = ['events.read'];
    while (scopes.length && Date.now() < deadline) scopes = (await me(replicaA, key)).body.scopes;
    assert.deepEqual(scopes, [], 'the scope change must reach the cache');
    await pool.query('DELETE FROM api_keys WHERE id = $1', [row.id]);
    assert.equal(await statusWithin(replicaB, key, 401, 2000), 401);
  });

  it('does not trust the cache while the notification connection is down', async () => {
    const { key, row } = await warmKey('revoked while the listener is down');
    // Cut the listeners and revoke in one statement: the notification has nobody to reach.
    await pool.query(
      `WITH cut AS (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND application_name = 'chronos-admin-api-listener')
       UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND (SELECT count(*) FROM cut) >= 0`,
      [row.id],
    );
    assert.equal(await statusWithin(replicaA, key, 401, 2000), 401);
    assert.equal(await statusWithin(replicaB, key, 401, 2000), 401);
    // The listeners come back, and caching with them: a fresh key still works everywhere.
    const fresh = await warmKey('after reconnect');
    assert.equal((await me(replicaA, fresh.key)).status, 200);
  });

  it('ignores usage statistics updates (no invalidation storm) but honours expiry in the row', async () => {
    const { key, row } = await warmKey('expiring');
    await pool.query(`UPDATE api_keys SET expires_at = now() + interval '300 milliseconds' WHERE id = $1`, [row.id]);
    assert.equal(await statusWithin(replicaA, key, 200, 200), 200);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await me(replicaA, key)).status, 401, 'an expiry passing while cached still refuses the key');
  });
});
