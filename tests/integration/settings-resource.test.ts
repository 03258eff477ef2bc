// /api/v1/settings over HTTP: every known setting listed (defaults when never saved), secrets
// encrypted at rest and never returned or audited, PUT keeps omitted secrets and clears on '',
// field errors, and the internal getSettingWithSecrets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { getSettingWithSecrets } from '../../admin-api/src/modules/settings/service.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

const PASSWORD = 'smtp-Pa55word-that-must-never-leak';
const TOKEN = '123456:telegram-bot-token-never-leaks';

describe('settings resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;
  const encryptionKey = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, { CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'integrations', scopes: ['integrations.manage'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const texts: string[] = [];
  async function call(method: string, path: string, body?: unknown) {
    const reply = await request(api.url, method, path, { token: key, body });
    texts.push(reply.text);
    return reply;
  }

  it('lists every known setting with defaults before anything is saved', async () => {
    const list = await call('GET', '/api/v1/settings');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((s: Json) => s.id),
      ['backup', 'general', 'healing', 'n8n', 's3', 'smtp', 'telegram'],
    );
    assert.equal(list.headers.get('content-range'), 'settings 0-6/7');
    const smtp = list.body.find((s: Json) => s.id === 'smtp');
    assert.equal(smtp.stored, false);
    assert.equal(smtp.value.port, 587);
    assert.deepEqual(smtp.secrets, { password: { set: false } });
    const integrations = await call(
      'GET',
      `/api/v1/settings?filter=${encodeURIComponent('{"category":"integration","q":"mail"}')}`,
    );
    assert.deepEqual(
      integrations.body.map((s: Json) => s.id),
      ['smtp'],
    );
    assert.equal((await call('GET', '/api/v1/settings/nope')).status, 400);
  });

  it('saves secrets encrypted, never returns them, and reports them as set', async () => {
    const saved = await call('PUT', '/api/v1/settings/smtp', {
      value: { host: 'mail.example.com', port: 465, secure: 'tls', username: 'chronos', from: 'chronos@example.com' },
      secrets: { password: PASSWORD },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual(saved.body.secrets, { password: { set: true } });
    assert.equal(saved.body.value.host, 'mail.example.com');
    assert.equal(saved.body.value.reply_to, null);
    const row = (await pool.query('SELECT * FROM settings WHERE id = $1', ['smtp'])).rows[0];
    assert.ok(!row.secret_ciphertext.includes(Buffer.from(PASSWORD)));
    assert.ok(!JSON.stringify(row.value).includes(PASSWORD));
    assert.equal(row.secret_nonce.length, 12);
    assert.match(row.secret_key_id, /^k1-/);
    const internal = await getSettingWithSecrets(pool, encryptionKey, 'smtp');
    assert.equal(internal.secrets.password, PASSWORD);
    assert.equal(internal.value.port, 465);
  });

  it('keeps a secret when omitted, null or the {set} marker, and clears it with ""', async () => {
    const current = (await call('GET', '/api/v1/settings/smtp')).body;
    // The whole record as react-admin sends it back: the {set:true} marker must not overwrite.
    const roundTrip = await call('PUT', '/api/v1/settings/smtp', {
      ...current,
      value: { ...current.value, port: 2525 },
    });
    assert.equal(roundTrip.status, 200, roundTrip.text);
    assert.equal(roundTrip.body.value.port, 2525);
    for (const secrets of [{}, { password: null }]) {
      await call('PUT', '/api/v1/settings/smtp', { value: current.value, secrets });
      assert.equal((await getSettingWithSecrets(pool, encryptionKey, 'smtp')).secrets.password, PASSWORD);
    }
    const telegram = await call('POST', '/api/v1/settings', {
      id: 'telegram',
      value: { allowed_chat_ids: [42, -100123] },
      secrets: { bot_token: TOKEN, webhook_secret: 'hook-secret-value' },
    });
    assert.equal(telegram.status, 200, telegram.text);
    assert.deepEqual(telegram.body.secrets, { bot_token: { set: true }, webhook_secret: { set: true } });
    const cleared = await call('PUT', '/api/v1/settings/telegram', {
      value: telegram.body.value,
      secrets: { webhook_secret: '' },
    });
    assert.deepEqual(cleared.body.secrets, { bot_token: { set: true }, webhook_secret: { set: false } });
    assert.deepEqual((await getSettingWithSecrets(pool, encryptionKey, 'telegram')).secrets, { bot_token: TOKEN });
    assert.equal((await call('POST', '/api/v1/settings', { id: 'telegram' })).status, 409);
  });

  it('refuses bad values field by field and writes nothing', async () => {
    const before = (await pool.query('SELECT value, updated_at FROM settings WHERE id = $1', ['smtp'])).rows[0];
    const bad = await call('PUT', '/api/v1/settings/smtp', {
      value: { port: 70000, secure: 'ssl', from: 'not-an-email' },
      secrets: { password: 42 },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), [
      'secrets.password',
      'value.from',
      'value.port',
      'value.secure',
    ]);
    const after = (await pool.query('SELECT value, updated_at FROM settings WHERE id = $1', ['smtp'])).rows[0];
    assert.deepEqual(after, before);
  });

  it('refuses a ciphertext moved to another row', async () => {
    await call('PUT', '/api/v1/settings/n8n', {
      value: { base_url: 'http://n8n:5678' },
      secrets: { api_key: 'n8n-key' },
    });
    await pool.query(
      `UPDATE settings t SET secret_ciphertext = s.secret_ciphertext, secret_nonce = s.secret_nonce
         FROM settings s WHERE t.id = 'n8n' AND s.id = 'smtp'`,
    );
    await assert.rejects(getSettingWithSecrets(pool, encryptionKey, 'n8n'), /authentication/);
    const shown = await call('GET', '/api/v1/settings/n8n');
    assert.equal(shown.body.secrets_readable, false);
  });

  it('resets with DELETE, returning the last record', async () => {
    const deleted = await call('DELETE', '/api/v1/settings/n8n');
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.value.base_url, 'http://n8n:5678');
    const after = await call('GET', '/api/v1/settings/n8n');
    assert.equal(after.body.stored, false);
    assert.deepEqual(after.body.secrets, { api_key: { set: false } });
  });

  it('never shows a secret in any response or audit row; audits which secrets changed', async () => {
    const all = texts.join('\n');
    for (const secret of [PASSWORD, TOKEN, 'hook-secret-value', 'n8n-key']) assert.ok(!all.includes(secret), secret);
    const audit = await pool.query(
      `SELECT action, old_value, new_value, details FROM audit_log WHERE entity = 'setting' ORDER BY seq`,
    );
    const dump = JSON.stringify(audit.rows);
    for (const secret of [PASSWORD, TOKEN, 'hook-secret-value', 'n8n-key']) assert.ok(!dump.includes(secret), secret);
    assert.deepEqual(audit.rows[0].details, { secrets_changed: ['password'] });
    assert.ok(
      audit.rows.some((r) => JSON.stringify(r.details) === JSON.stringify({ secrets_changed: ['webhook_secret'] })),
    );
    const portChange = audit.rows.find((r) => r.old_value?.value?.port === 465 && r.new_value.value.port === 2525);
    assert.ok(portChange);
    assert.equal(portChange.details, null);
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
