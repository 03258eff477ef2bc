// POST /api/v1/telegram/messages end to end: a real admin-api with its relay delivering to the
// fake Bot API (tests/helpers/fake-telegram.ts). Literal text and event templates, wait for
// the outcome (delivered with Telegram's message_id, failed with Telegram's error), the
// idempotency key, field errors, the scope, and the audit row.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { request } from '../helpers/http.ts';

const CHAT = 5151;

describe('POST /api/v1/telegram/messages', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let fake: FakeTelegram;
  let sender: string;
  let reader: string;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeTelegram();
    api = await startTestApi(database.url, { RELAY_ENABLED: 'true' }, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    sender = (await createApiKey(pool, { name: 'n8n sender', scopes: ['integrations.manage'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    const current = (await request(api.url, 'GET', '/api/v1/settings/telegram', { token: admin })).body.value;
    const saved = await request(api.url, 'PUT', '/api/v1/settings/telegram', {
      token: admin,
      body: { value: { ...current, api_root: fake.apiRoot }, secrets: { bot_token: fake.token } },
    });
    assert.equal(saved.status, 200, saved.text);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await fake.close();
    await database.drop();
  });

  const send = (body: unknown, token = sender) =>
    request(api.url, 'POST', '/api/v1/telegram/messages', { token, body });

  it('sends text and waits for delivery: 200 with Telegram’s message_id', async () => {
    const reply = await send({
      chat_id: CHAT,
      text: '<b>Backup</b> done',
      parse_mode: 'HTML',
      disable_notification: true,
      wait: true,
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.status, 'delivered');
    assert.equal(reply.body.error, null);
    assert.equal(reply.body.chat_id, String(CHAT));
    const sent = fake.sent.find((m) => m.message_id === reply.body.message_id);
    assert.ok(sent, 'the message_id is the one Telegram gave');
    assert.equal(sent.text, '<b>Backup</b> done');
    assert.equal(sent.parse_mode, 'HTML');
    assert.equal(sent.disable_notification, true);
    assert.ok(reply.body.delivered_at);
  });

  it('queues without waiting (202); a repeated idempotency key sends nothing again', async () => {
    const body = { chat_id: CHAT, text: 'once only', idempotency_key: 'wf-42-once' };
    const first = await send(body);
    assert.equal(first.status, 202, first.text);
    assert.equal(first.body.status, 'queued');
    assert.equal(first.body.idempotency_key, 'wf-42-once');
    const again = await send({ ...body, text: 'a different text' });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.outbox_id, first.body.outbox_id);
    const waited = await send({ ...body, wait: true });
    assert.equal(waited.status, 200);
    assert.equal(waited.body.status, 'delivered');
    assert.equal(fake.sent.filter((m) => m.text === 'once only').length, 1);
    assert.equal(fake.sent.filter((m) => m.text === 'a different text').length, 0);
  });

  it('renders an event template strictly (422 names a missing variable)', async () => {
    const template = await request(api.url, 'POST', '/api/v1/templates', {
      token: admin,
      body: { name: 'Reminder', type: 'event', body_text: 'Reminder: {{title}} at {{time}}' },
    });
    assert.equal(template.status, 200, template.text);
    const missing = await send({ chat_id: CHAT, template_id: template.body.id, variables: { title: 'Standup' } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.errors['variables.time'], 'is missing');
    const ok = await send({
      chat_id: CHAT,
      template_id: template.body.id,
      variables: { title: 'Standup', time: '09:00' },
      wait: true,
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(fake.sent.find((m) => m.message_id === ok.body.message_id)?.text, 'Reminder: Standup at 09:00');
  });

  it('reports a message Telegram refuses as failed, with Telegram’s error', async () => {
    fake.forgetChat(999001);
    const reply = await send({ chat_id: 999001, text: 'nobody here', wait: true });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.status, 'failed');
    assert.match(reply.body.error, /Telegram 400: .*chat not found/i);
    assert.equal(reply.body.message_id, null);
  });

  it('refuses bad input field by field, and callers without integrations.manage', async () => {
    const both = await send({ chat_id: CHAT, text: 'x', template_id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(both.status, 400);
    assert.equal(both.body.errors.text, 'cannot be combined with template_id');
    const none = await send({ chat_id: 'not a chat', timeout_ms: 5 });
    assert.equal(none.status, 400);
    assert.ok(none.body.errors.chat_id);
    assert.equal(none.body.errors.text, 'is required (or give a template_id)');
    assert.equal(none.body.errors.timeout_ms, 'must be at least 100');
    const long = await send({ chat_id: CHAT, text: 'x'.repeat(4097) });
    assert.equal(long.body.errors.text, 'must be at most 4096 characters');
    const denied = await send({ chat_id: CHAT, text: 'x' }, reader);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.missingScope, 'integrations.manage');
  });

  it('audits each queued message without its text', async () => {
    const reply = await send({ chat_id: CHAT, text: 'secret plans', idempotency_key: 'audited-1' });
    const audit = (
      await pool.query(`SELECT * FROM audit_log WHERE entity = 'telegram_message' AND entity_id = $1`, [
        reply.body.outbox_id,
      ])
    ).rows;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].action, 'create');
    assert.equal(audit[0].actor_label, 'n8n sender');
    assert.deepEqual(audit[0].new_value, {
      chat_id: String(CHAT),
      template_id: null,
      length: 'secret plans'.length,
      idempotency_key: 'audited-1',
    });
    assert.doesNotMatch(JSON.stringify(audit[0]), /secret plans/);
  });
});
