// The Chronos node's telegram resource in n8n's engine against a real admin-api whose relay
// sends to the fake Bot API: text and template messages reach Telegram, sendAndWait outputs
// the delivered message with Telegram's message_id, a refused chat fails the item, and field
// errors are shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { request } from '../helpers/http.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

const CHAT = 6161;

describe('Chronos node: telegram', () => {
  let database: TestDatabase;
  let api: TestApi;
  let fake: FakeTelegram;
  let credentials: HarnessCredentials;
  let templateId: string;

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeTelegram();
    api = await startTestApi(database.url, { RELAY_ENABLED: 'true' });
    const pool = new pg.Pool({ connectionString: database.url });
    const key = (await createApiKey(pool, { name: 'n8n telegram', scopes: ['integrations.manage'] })).key;
    const admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    await pool.end();
    const current = (await request(api.url, 'GET', '/api/v1/settings/telegram', { token: admin })).body.value;
    const saved = await request(api.url, 'PUT', '/api/v1/settings/telegram', {
      token: admin,
      body: { value: { ...current, api_root: fake.apiRoot }, secrets: { bot_token: fake.token } },
    });
    assert.equal(saved.status, 200, saved.text);
    const template = await request(api.url, 'POST', '/api/v1/templates', {
      token: admin,
      body: { name: 'Alert', type: 'event', body_text: 'Alert: {{what}}' },
    });
    templateId = template.body.id;
    credentials = { baseUrl: api.url, apiKey: key };
  });
  after(async () => {
    await api.close();
    await fake.close();
    await database.drop();
  });

  it('sends text and waits: delivered, with the message_id Telegram gave', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: {
        resource: 'telegram',
        operation: 'send',
        delivery: 'sendAndWait',
        chatId: String(CHAT),
        content: 'text',
        text: '<b>Disk</b> almost full',
        additionalFields: { parseMode: 'HTML', disableNotification: true },
      },
    });
    assert.equal(error, undefined, error?.message);
    assert.equal(items[0]!.json.status, 'delivered');
    const sent = fake.sent.find((m) => m.message_id === items[0]!.json.message_id);
    assert.ok(sent);
    assert.equal(sent.chat_id, CHAT);
    assert.equal(sent.text, '<b>Disk</b> almost full');
    assert.equal(sent.parse_mode, 'HTML');
    assert.equal(sent.disable_notification, true);
  });

  it('queues a template message that then reaches the fake Bot API', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: {
        resource: 'telegram',
        operation: 'send',
        chatId: String(CHAT),
        content: 'template',
        templateId: { __rl: true, mode: 'id', value: templateId },
        variables: '{ "what": "backup failed" }',
      },
    });
    assert.equal(error, undefined, error?.message);
    assert.equal(items[0]!.json.status, 'queued');
    const until = Date.now() + 10_000;
    while (!fake.sent.some((m) => m.text === 'Alert: backup failed')) {
      if (Date.now() > until) throw new Error('the template message never reached Telegram');
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  it('fails the item when Telegram refuses the message (an error item with continue on fail)', async () => {
    fake.forgetChat(31337);
    const parameters = {
      resource: 'telegram',
      operation: 'send',
      delivery: 'sendAndWait',
      chatId: '31337',
      content: 'text',
      text: 'hello?',
    };
    const failed = await runChronosNode({ credentials, parameters });
    assert.ok(failed.error);
    assert.match(failed.error.message, /could not be delivered: Telegram 400/);
    const continued = await runChronosNode({ credentials, parameters, continueOnFail: true });
    assert.equal(continued.error, undefined);
    assert.match(String(continued.items[0]!.json.error), /could not be delivered/);
  });

  it('shows field errors and a missing template variable', async () => {
    const bad = await runChronosNode({
      credentials,
      parameters: { resource: 'telegram', operation: 'send', chatId: 'nobody', content: 'text', text: 'x' },
    });
    assert.ok(bad.error);
    assert.equal(bad.error.httpCode, '400');
    assert.match(String(bad.error.description), /chat_id: must be a chat id or @channelusername/);
    const missing = await runChronosNode({
      credentials,
      parameters: {
        resource: 'telegram',
        operation: 'send',
        chatId: String(CHAT),
        content: 'template',
        templateId: templateId,
        variables: '{}',
      },
      continueOnFail: true,
    });
    assert.equal(missing.items[0]!.json.httpCode, '422');
    assert.match(String(missing.items[0]!.json.description), /variables\.what: is missing/);
  });
});
