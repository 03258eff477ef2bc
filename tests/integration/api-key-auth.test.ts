import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('API key authentication', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const me = (authorization?: string) =>
    fetch(`${api.url}/api/auth/me`, { headers: authorization ? { authorization } : {} });

  async function expect401(response: Response, detail: RegExp): Promise<void> {
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    const body = (await response.json()) as { status: number; title: string; message: string };
    assert.equal(body.status, 401);
    assert.match(body.message, detail);
  }

  it('accepts a valid key and tells who is calling, without the secret', async () => {
    const { key, row } = await createApiKey(pool, { name: 'reporting', scopes: ['events.read', 'templates.read'] });
    const response = await me(`Bearer ${key}`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), {
      type: 'api_key',
      id: row.id,
      name: 'reporting',
      scopes: ['events.read', 'templates.read'],
    });
    assert.ok(!text.includes(key.slice(-20)));
  });

  it('records usage statistics: last use, count and IP', async () => {
    const { key, row } = await createApiKey(pool, { name: 'stats', scopes: ['events.read'] });
    await me(`Bearer ${key}`);
    await me(`Bearer ${key}`);
    // Usage is collected in memory and written about once a second; give it a moment.
    let stats: { use_count: string; last_used_ip: string; last_used_at: Date | null } | undefined;
    for (let i = 0; i < 60; i++) {
      stats = (
        await pool.query(
          'SELECT use_count, host(last_used_ip) AS last_used_ip, last_used_at FROM api_keys WHERE id = $1',
          [row.id],
        )
      ).rows[0];
      if (Number(stats?.use_count) === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(Number(stats?.use_count), 2);
    assert.equal(stats?.last_used_ip, '127.0.0.1');
    assert.ok(stats?.last_used_at instanceof Date);
  });

  it('refuses a missing or malformed Authorization header', async () => {
    await expect401(await me(), /authentication required/);
    await expect401(await me('Basic dXNlcjpwdw=='), /must be "Bearer <API key>"/);
    await expect401(await me('Bearer something-else'), /not a Chronos API key/);
  });

  it('refuses a key with a bad checksum, an unknown key and a wrong secret alike', async () => {
    const { key } = await createApiKey(pool, { name: 'k', scopes: [] });
    // Change the last character (the checksum's); a key that already ends in "x" gets a "y".
    const changed = key.endsWith('x') ? 'y' : 'x';
    await expect401(await me(`Bearer ${key.slice(0, -1)}${changed}`), /malformed/);
    const other = await createApiKey(pool, { name: 'other', scopes: [] });
    await pool.query('DELETE FROM api_keys WHERE id = $1', [other.row.id]);
    await expect401(await me(`Bearer ${other.key}`), /^the API key is not valid$/);
  });

  it('refuses revoked and expired keys', async () => {
    const revoked = await createApiKey(pool, { name: 'revoked', scopes: [] });
    await pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.row.id]);
    await expect401(await me(`Bearer ${revoked.key}`), /revoked/);
    const expired = await createApiKey(pool, { name: 'expired', scopes: [], expiresAt: new Date(Date.now() - 1000) });
    await expect401(await me(`Bearer ${expired.key}`), /expired/);
  });

  it('keeps a rotated key working during its grace period and refuses it afterwards', async () => {
    const old = await createApiKey(pool, { name: 'rotating', scopes: ['events.read'] });
    await pool.query(`UPDATE api_keys SET grace_until = now() + interval '1 hour' WHERE id = $1`, [old.row.id]);
    assert.equal((await me(`Bearer ${old.key}`)).status, 200);
    await pool.query(`UPDATE api_keys SET grace_until = now() - interval '1 second' WHERE id = $1`, [old.row.id]);
    // A change made in SQL reaches the verified-key cache by NOTIFY, within milliseconds.
    let reply = await me(`Bearer ${old.key}`);
    for (let i = 0; i < 100 && reply.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      reply = await me(`Bearer ${old.key}`);
    }
    await expect401(reply, /grace period has ended/);
  });

  it('audits key creation in the hash-chained log', async () => {
    const { row } = await createApiKey(pool, { name: 'audited', scopes: ['admin'] });
    const audit = await pool.query(
      `SELECT actor_type, action, new_value, risk_score FROM audit_log WHERE entity = 'api_key' AND entity_id = $1`,
      [row.id],
    );
    assert.equal(audit.rowCount, 1);
    assert.equal(audit.rows[0].action, 'create');
    assert.deepEqual(audit.rows[0].new_value.scopes, ['admin']);
    assert.ok(!JSON.stringify(audit.rows[0]).includes('secret'));
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
