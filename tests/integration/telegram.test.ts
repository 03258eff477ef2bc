// Telegram end to end against a fake Bot API (tests/helpers/fake-telegram.ts) that grammY
// reaches through the configured api_root: webhook set-up round trip, inbound updates (secret,
// validation, dedupe on update_id, allowed chats, every command and directive, plain-language
// events), replies as outbox rows, the delivery channel's outcomes for each fault, and the
// relay delivering a reply to the fake.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { getSettingWithSecrets } from '../../admin-api/src/modules/settings/service.ts';
import { queueTelegramMessage } from '../../admin-api/src/modules/telegram/outbox.ts';
import type { OutboxRow } from '../../admin-api/src/relay/channel.ts';
import { telegramChannel } from '../../admin-api/src/relay/channels/telegram.ts';
import { startRelay } from '../../admin-api/src/relay/relay.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { request } from '../helpers/http.ts';
import { eventually as waitFor } from '../helpers/eventually.ts';

const KEY = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');
const CHAT = 4242;
const OTHER_CHAT = 777;
const PUBLIC_URL = 'https://chronos.example.test/telegram/webhook';

type Json = Record<string, unknown>;

// Short waits, polled often: everything here happens in-process within milliseconds.
const eventually = <T>(probe: () => Promise<T | undefined | null | false>, what: string) =>
  waitFor(probe, what, 10_000, 25);

describe('telegram', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let fake: FakeTelegram;
  let admin: string;
  let reader: string;

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeTelegram();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    admin = (await createApiKey(pool, { name: 'integrations', scopes: ['integrations.manage'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    await pool.query(`UPDATE calendars SET time_zone = 'Europe/Berlin' WHERE id = 'default'`);
    // A subscriber for telegram.* so the emitted telegram.message events become outbox rows.
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://n8n.example.test/hook', ARRAY['telegram.*'], '\\x00112233445566778899aabbccddeeff'::bytea,
               '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await fake.close();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, token = admin) =>
    request(api.url, method, path, { token, body });
  /** Changes some fields of the telegram setting, keeping the rest (as the console's form does). */
  const saveSettings = async (value: Json, secrets: Json = {}) => {
    const current = (await call('GET', '/api/v1/settings/telegram')).body.value;
    return call('PUT', '/api/v1/settings/telegram', {
      value: { ...current, api_root: fake.apiRoot, ...value },
      secrets,
    });
  };
  const storedSecrets = async () => (await getSettingWithSecrets(pool, KEY, 'telegram')).secrets;
  const post = (update: unknown, secretToken?: string | null) =>
    fake.deliver(update, { url: `${api.url}/telegram/webhook`, secretToken });
  const replies = async (chatId = CHAT) =>
    (
      await pool.query(`SELECT * FROM outbox WHERE channel = 'telegram' AND target = $1 ORDER BY created_at, id`, [
        String(chatId),
      ])
    ).rows;
  const replyTo = async (updateId: number) =>
    (await pool.query(`SELECT * FROM outbox WHERE idempotency_key = $1`, [`telegram_reply_${updateId}`])).rows[0];
  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

  describe('webhook configuration', () => {
    it('needs a bot token first', async () => {
      const answer = await call('POST', '/api/v1/telegram/webhook', { url: PUBLIC_URL });
      assert.equal(answer.status, 409, answer.text);
      assert.equal(answer.body.errors['secrets.bot_token'], 'is not set');
      assert.equal((await call('GET', '/api/v1/telegram/webhook')).status, 409);
      assert.equal(fake.calls.length, 0);
    });

    it('refuses a non-https URL and callers without integrations.manage', async () => {
      assert.equal((await saveSettings({ allowed_chat_ids: [CHAT] }, { bot_token: fake.token })).status, 200);
      const http = await call('POST', '/api/v1/telegram/webhook', {
        url: 'http://chronos.example.test/telegram/webhook',
      });
      assert.equal(http.status, 400);
      assert.ok(http.body.errors.url);
      assert.equal((await call('POST', '/api/v1/telegram/webhook', { url: PUBLIC_URL }, reader)).status, 403);
      const none = await call('POST', '/api/v1/telegram/webhook', {});
      assert.equal(none.status, 400, 'no url given and none in the setting');
      assert.equal(fake.webhook.url, '');
    });

    it('sets the webhook with a new secret, stores it encrypted and never shows it', async () => {
      await saveSettings({ allowed_chat_ids: [CHAT], webhook_url: PUBLIC_URL }, {});
      const set = await call('POST', '/api/v1/telegram/webhook', { drop_pending_updates: true });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, {
        url: PUBLIC_URL,
        allowed_updates: ['message'],
        bot: { id: fake.botInfo.id, username: fake.botInfo.username },
        secret_set: true,
      });
      assert.equal(fake.webhook.url, PUBLIC_URL);
      assert.deepEqual(fake.webhook.allowedUpdates, ['message']);
      const secret = fake.webhook.secretToken!;
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await storedSecrets()).webhook_secret, secret);
      assert.ok(!set.text.includes(secret));
      // grammY sent getMe then setWebhook, with the bot's token in the path.
      const methods = fake.calls.map((c) => c.method);
      assert.deepEqual(methods.slice(-2), ['getMe', 'setWebhook']);
      assert.ok(fake.calls.every((c) => c.token === fake.token));

      const setting = await call('GET', '/api/v1/settings/telegram');
      assert.equal(setting.body.value.bot_username, fake.botInfo.username);
      assert.deepEqual(setting.body.secrets, { bot_token: { set: true }, webhook_secret: { set: true } });
      assert.ok(!setting.text.includes(secret));
      const audit = await pool.query(
        `SELECT details FROM audit_log WHERE entity = 'setting' AND entity_id = 'telegram' ORDER BY seq DESC LIMIT 1`,
      );
      assert.deepEqual(audit.rows[0].details, { secrets_changed: ['webhook_secret'] });
      const action = await pool.query(
        `SELECT action, details, actor_type FROM audit_log WHERE entity = 'telegram_webhook' ORDER BY seq DESC LIMIT 1`,
      );
      assert.deepEqual(action.rows[0], {
        action: 'set',
        details: { url: PUBLIC_URL, allowed_updates: ['message'], bot: fake.botInfo.username },
        actor_type: 'api_key',
      });

      const info = await call('GET', '/api/v1/telegram/webhook');
      assert.equal(info.status, 200, info.text);
      assert.equal(info.body.url, PUBLIC_URL);
      assert.equal(info.body.matches_settings, true);
      assert.equal(info.body.secret_set, true);
      assert.deepEqual(info.body.allowed_updates, ['message']);
      assert.ok(!info.text.includes(secret));
    });

    it('rotates the secret on a second set: the old one stops working', async () => {
      const old = fake.webhook.secretToken!;
      assert.equal((await call('POST', '/api/v1/telegram/webhook', {})).status, 200);
      assert.notEqual(fake.webhook.secretToken, old);
      assert.equal((await post(fake.textUpdate(CHAT, '/help'), old)).status, 401);
      assert.equal((await post(fake.textUpdate(CHAT, '/help'))).status, 200);
    });

    it('keeps the stored secret when Telegram fails, and says why', async () => {
      const before = await storedSecrets();
      fake.fault('setWebhook', { type: '500' });
      const failed = await call('POST', '/api/v1/telegram/webhook', {});
      assert.equal(failed.status, 502, failed.text);
      fake.fault('setWebhook', { type: '429', retryAfter: 3 });
      const slowDown = await call('POST', '/api/v1/telegram/webhook', {});
      assert.equal(slowDown.status, 503);
      assert.equal(slowDown.headers.get('retry-after'), '3');
      fake.fault('getMe', { type: 'drop' });
      assert.equal((await call('POST', '/api/v1/telegram/webhook', {})).status, 502);
      assert.deepEqual(await storedSecrets(), before);
      assert.equal((await post(fake.textUpdate(CHAT, '/help'))).status, 200, 'the webhook still works');

      await saveSettings({ allowed_chat_ids: [CHAT], webhook_url: PUBLIC_URL }, { bot_token: '1:wrong' });
      const refused = await call('POST', '/api/v1/telegram/webhook', {});
      assert.equal(refused.status, 409);
      assert.equal(refused.body.errors['secrets.bot_token'], 'was refused by Telegram');
      assert.ok(!refused.text.includes('1:wrong'));
      await saveSettings({ allowed_chat_ids: [CHAT], webhook_url: PUBLIC_URL }, { bot_token: fake.token });
    });

    it('deletes the webhook and forgets the secret; setting it again works', async () => {
      const secret = fake.webhook.secretToken!;
      const deleted = await call('DELETE', '/api/v1/telegram/webhook');
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.body, { deleted: true });
      assert.equal(fake.webhook.url, '');
      assert.equal((await storedSecrets()).webhook_secret, undefined);
      const audited = await pool.query(`SELECT action FROM audit_log WHERE entity = 'telegram_webhook' ORDER BY seq`);
      assert.equal(audited.rows.at(-1).action, 'delete');
      assert.equal((await post(fake.textUpdate(CHAT, '/help'), secret)).status, 401);
      const info = await call('GET', '/api/v1/telegram/webhook');
      assert.equal(info.body.url, '');
      assert.equal(info.body.secret_set, false);
      assert.equal((await call('POST', '/api/v1/telegram/webhook', {})).status, 200);
    });
  });

  describe('inbound updates', () => {
    it('refuses a missing or wrong secret (401), records it, and writes nothing', async () => {
      const update = fake.textUpdate(CHAT, 'NOTE: should never be stored');
      const missing = await post(update, null);
      assert.equal(missing.status, 401);
      const wrong = await post(update, 'A'.repeat(43));
      assert.equal(wrong.status, 401);
      assert.equal(
        await count('SELECT count(*) AS n FROM telegram_updates_seen WHERE update_id = $1', [update.update_id]),
        0,
      );
      assert.equal(await count(`SELECT count(*) AS n FROM notes WHERE text = 'should never be stored'`), 0);
      await eventually(
        async () =>
          (await count(`SELECT count(*) AS n FROM security_incidents WHERE kind = 'telegram_bad_secret'`)) === 1,
        'the incident',
      );
      const reasons = await eventually(async () => {
        const rows = (
          await pool.query(
            `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth_failed' ORDER BY seq`,
          )
        ).rows.map((r) => r.reason);
        return rows.includes('telegram_bad_secret') && rows.includes('telegram_missing_secret') && rows;
      }, 'audit rows of the refusals');
      assert.ok(reasons.length >= 2);
    });

    it('refuses an update that is not one (400) after the secret check', async () => {
      const bad = await post({ update_id: 'x', message: 'nope' });
      assert.equal(bad.status, 400);
      assert.ok((bad.body as Json).errors);
    });

    it('answers /start, /help and unknown commands through the outbox, in the sender’s language', async () => {
      const start = fake.textUpdate(CHAT, '/start', { first_name: 'Ada' });
      const answer = await post(start);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { ok: true, outcome: 'handled' });
      const row = await replyTo(start.update_id);
      assert.equal(row.channel, 'telegram');
      assert.equal(row.event_type, 'telegram.send');
      assert.equal(row.target, String(CHAT));
      assert.equal(row.status, 'pending');
      assert.equal(row.payload.chat_id, CHAT);
      assert.equal(row.payload.reply_to_message_id, start.message.message_id);
      assert.match(row.payload.text, /^Hello Ada! I am the Chronos bot\./);
      assert.match(row.payload.text, /\/events/);

      const hilfe = fake.textUpdate(CHAT, '/help', { language_code: 'de' });
      await post(hilfe);
      assert.match((await replyTo(hilfe.update_id)).payload.text, /^Das verstehe ich:/);

      const unknown = fake.textUpdate(CHAT, '/frobnicate now');
      await post(unknown);
      assert.match((await replyTo(unknown.update_id)).payload.text, /don't know the command \/frobnicate/);
    });

    it('emits every message of an allowed chat as telegram.message', async () => {
      const update = fake.textUpdate(CHAT, '/help', { username: 'ada' });
      await post(update);
      const emitted = await pool.query(
        `SELECT payload FROM outbox WHERE event_type = 'telegram.message' AND payload->'data'->>'update_id' = $1`,
        [String(update.update_id)],
      );
      assert.equal(emitted.rowCount, 1);
      const data = emitted.rows[0].payload.data;
      assert.equal(data.text, '/help');
      assert.equal(data.chat.id, CHAT);
      assert.equal(data.from.username, 'ada');
      assert.equal(data.handled_as, 'command:help');
    });

    it('/events lists the next five events in the calendar’s time zone', async () => {
      await pool.query(
        `INSERT INTO events (title, start_at, end_at)
         SELECT 'Upcoming ' || g, now() + g * interval '1 day', now() + g * interval '1 day' + interval '1 hour'
           FROM generate_series(1, 7) g`,
      );
      await pool.query(
        `INSERT INTO events (title, start_at, end_at) VALUES ('Long gone', now() - interval '2 days', now() - interval '1 day')`,
      );
      const update = fake.textUpdate(CHAT, '/events');
      await post(update);
      const text: string = (await replyTo(update.update_id)).payload.text;
      assert.match(text, /^Next events:/);
      assert.equal(text.split('\n').length, 6);
      assert.ok(!text.includes('Long gone') && !text.includes('Upcoming 6'));
      assert.match(text, /Upcoming 1 – .*\(Europe\/Berlin\)/);
    });

    it('/status counts pending commands and deliveries', async () => {
      const update = fake.textUpdate(CHAT, '/status');
      await post(update);
      const text: string = (await replyTo(update.update_id)).payload.text;
      const pending = await count(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'in_flight')`);
      assert.match(text, /^Chronos is running\./);
      assert.match(text, /Commands: 0 pending, 0 processing, 0 failed/);
      // The count was taken in the update's transaction, before its own reply row.
      assert.match(text, new RegExp(`Deliveries: ${pending - 1} pending`));
    });

    it('creates an event from /create and from plain text, in the calendar’s zone', async () => {
      const create = fake.textUpdate(CHAT, '/create Planning tomorrow 2pm for 30 minutes');
      assert.deepEqual((await post(create)).body, { ok: true, outcome: 'handled' });
      const event = (await pool.query(`SELECT * FROM events WHERE title = 'Planning'`)).rows[0];
      assert.equal(event.source, 'telegram');
      assert.equal(event.calendar_id, 'default');
      assert.equal((event.end_at - event.start_at) / 60_000, 30);
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
      assert.equal(local.format(event.start_at), '14:00');
      assert.equal(event.metadata.telegram.update_id, create.update_id);
      const reply: string = (await replyTo(create.update_id)).payload.text;
      assert.match(reply, /^Created: Planning\n/);
      assert.ok(reply.includes(event.id));
      const audit = await pool.query(
        `SELECT actor_type, actor_id FROM audit_log WHERE entity = 'event' AND entity_id = $1`,
        [event.id],
      );
      assert.deepEqual(audit.rows, [{ actor_type: 'telegram', actor_id: String(CHAT) }]);

      const plain = fake.textUpdate(CHAT, 'Zahnarzt am Freitag um 9', { language_code: 'de' });
      await post(plain);
      const dentist = (await pool.query(`SELECT * FROM events WHERE title = 'Zahnarzt'`)).rows[0];
      assert.ok(dentist, 'the plain-language event exists');
      assert.equal(local.format(dentist.start_at), '09:00');
      assert.equal(
        new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', weekday: 'long' }).format(dentist.start_at),
        'Friday',
      );
      assert.match((await replyTo(plain.update_id)).payload.text, /^Eingetragen: Zahnarzt/);
      const emitted = await pool.query(
        `SELECT payload->'data'->>'handled_as' AS h FROM outbox WHERE event_type = 'telegram.message' AND payload->'data'->>'update_id' = $1`,
        [String(plain.update_id)],
      );
      assert.deepEqual(emitted.rows, [{ h: 'event' }]);
    });

    it('explains what it could not read, and creates nothing', async () => {
      const events = await count('SELECT count(*) AS n FROM events');
      const cases: Array<[string, RegExp]> = [
        ['Hello there', /didn't understand/],
        ['Dentist Friday', /Please add a time/],
        ['/create', /What should I create\?/],
        ['/create Party 30.02. 20:00', /That date does not exist/],
      ];
      for (const [text, expected] of cases) {
        const update = fake.textUpdate(CHAT, text);
        assert.equal((await post(update)).status, 200);
        assert.match((await replyTo(update.update_id)).payload.text, expected, text);
      }
      const sticker = fake.textUpdate(CHAT, 'x');
      delete (sticker.message as Json).text;
      await post(sticker);
      assert.match((await replyTo(sticker.update_id)).payload.text, /only understand text/);
      assert.equal(await count('SELECT count(*) AS n FROM events'), events);
    });

    it('an auto_plan conflict becomes a reply with free slots', async () => {
      await pool.query(
        `INSERT INTO calendars (id, name, time_zone, default_mode) VALUES ('busy', 'Busy', 'Europe/Berlin', 'auto_plan')`,
      );
      await saveSettings({ allowed_chat_ids: [CHAT], webhook_url: PUBLIC_URL, calendar_id: 'busy' });
      const first = fake.textUpdate(CHAT, 'Focus tomorrow 10:00');
      await post(first);
      const second = fake.textUpdate(CHAT, 'Other tomorrow 10:30');
      await post(second);
      assert.match(
        (await replyTo(second.update_id)).payload.text,
        /already planned at that time[\s\S]*Free slots:\n• /,
      );
      assert.equal(await count(`SELECT count(*) AS n FROM events WHERE calendar_id = 'busy'`), 1);
      assert.equal(
        await count('SELECT count(*) AS n FROM telegram_updates_seen WHERE update_id = $1', [second.update_id]),
        1,
      );
      await saveSettings({ calendar_id: 'default' });
    });

    it('NOTE:/NOTIZ:, URL: and ACTION: become a note, a link and a whitelisted command', async () => {
      const note = fake.textUpdate(CHAT, 'NOTIZ: Milch kaufen');
      await post(note);
      const stored = (await pool.query(`SELECT * FROM notes WHERE text = 'Milch kaufen'`)).rows[0];
      assert.equal(stored.source, 'telegram');
      assert.equal(stored.source_ref, `chat:${CHAT}/msg:${note.message.message_id}`);
      assert.match((await replyTo(note.update_id)).payload.text, /^Note saved/);

      const link = fake.textUpdate(CHAT, 'URL: https://example.org/docs The handbook');
      await post(link);
      const saved = (await pool.query(`SELECT * FROM saved_links WHERE url = 'https://example.org/docs'`)).rows[0];
      assert.equal(saved.description, 'The handbook');
      assert.equal(saved.source, 'telegram');

      await pool.query(
        `INSERT INTO whitelists (system, action, params) VALUES ('N8N', 'TRIGGER_WORKFLOW', '{"workflow_id": {"type": "string", "required": true}}')`,
      );
      const action = fake.textUpdate(CHAT, 'ACTION: n8n trigger_workflow workflow_id=nightly');
      await post(action);
      const command = (
        await pool.query(`SELECT * FROM commands WHERE idempotency_key = $1`, [`telegram:${action.update_id}`])
      ).rows[0];
      assert.equal(command.system, 'N8N');
      assert.equal(command.action, 'TRIGGER_WORKFLOW');
      assert.equal(command.source, 'telegram');
      assert.deepEqual(command.params, { workflow_id: 'nightly' });
      assert.match(
        (await replyTo(action.update_id)).payload.text,
        new RegExp(`Command N8N TRIGGER_WORKFLOW queued \\(${command.id}\\)`),
      );

      const commands = await count('SELECT count(*) AS n FROM commands');
      const refused = fake.textUpdate(CHAT, 'ACTION: SHELL rm path=/');
      await post(refused);
      assert.match(
        (await replyTo(refused.update_id)).payload.text,
        /That did not work: command refused: SHELL\/RM is not whitelisted/,
      );
      const badParams = fake.textUpdate(CHAT, 'ACTION: N8N TRIGGER_WORKFLOW');
      await post(badParams);
      assert.match((await replyTo(badParams.update_id)).payload.text, /params\.workflow_id/);
      const malformed = fake.textUpdate(CHAT, 'URL: not-a-url');
      await post(malformed);
      assert.match((await replyTo(malformed.update_id)).payload.text, /That did not work: .*URL/);
      assert.equal(await count('SELECT count(*) AS n FROM commands'), commands);
      // The refused updates are still handled exactly once (seen, emitted, answered).
      assert.equal(
        await count('SELECT count(*) AS n FROM telegram_updates_seen WHERE update_id = $1', [refused.update_id]),
        1,
      );
    });

    it('handles the same update once, even when it arrives twice at the same time', async () => {
      const note = fake.textUpdate(CHAT, 'NOTE: exactly once');
      const [a, b] = await Promise.all([post(note), post(note)]);
      assert.deepEqual([(a.body as Json).outcome, (b.body as Json).outcome].sort(), ['duplicate', 'handled']);
      assert.deepEqual((await post(note)).body, { ok: true, outcome: 'duplicate' });
      assert.equal(await count(`SELECT count(*) AS n FROM notes WHERE text = 'exactly once'`), 1);
      assert.equal(
        await count(`SELECT count(*) AS n FROM outbox WHERE idempotency_key = $1`, [
          `telegram_reply_${note.update_id}`,
        ]),
        1,
      );
      assert.equal(
        await count(
          `SELECT count(*) AS n FROM outbox WHERE event_type = 'telegram.message' AND payload->'data'->>'update_id' = $1`,
          [String(note.update_id)],
        ),
        1,
      );

      const event = fake.textUpdate(CHAT, 'Dedupe check tomorrow 7am');
      const both = await Promise.all([post(event), post(event)]);
      assert.deepEqual(both.map((r) => (r.body as Json).outcome).sort(), ['duplicate', 'handled']);
      assert.equal(await count(`SELECT count(*) AS n FROM events WHERE title = 'Dedupe check'`), 1);
    });

    it('ignores chats that are not allowed (200, audited once) unless all chats are', async () => {
      const stranger = fake.textUpdate(OTHER_CHAT, 'NOTE: let me in', { username: 'mallory' });
      const answer = await post(stranger);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { ok: true, outcome: 'ignored' });
      assert.deepEqual((await post(stranger)).body, { ok: true, outcome: 'duplicate' });
      assert.equal((await replies(OTHER_CHAT)).length, 0);
      assert.equal(await count(`SELECT count(*) AS n FROM notes WHERE text = 'let me in'`), 0);
      const audit = await pool.query(
        `SELECT actor_type, actor_id, actor_label, success, details FROM audit_log WHERE entity = 'telegram_chat' AND action = 'ignored'`,
      );
      assert.equal(audit.rowCount, 1);
      assert.equal(audit.rows[0].actor_type, 'telegram');
      assert.equal(audit.rows[0].actor_id, String(OTHER_CHAT));
      assert.match(audit.rows[0].actor_label, /@mallory/);
      assert.equal(audit.rows[0].success, false);
      assert.equal(audit.rows[0].details.update_id, stranger.update_id);

      await saveSettings({ allowed_chat_ids: [CHAT], allow_all_chats: true, webhook_url: PUBLIC_URL });
      const welcome = fake.textUpdate(OTHER_CHAT, '/help');
      assert.deepEqual((await post(welcome)).body, { ok: true, outcome: 'handled' });
      assert.equal((await replies(OTHER_CHAT)).length, 1);
      await saveSettings({ allow_all_chats: false });
    });

    it('does not answer commands addressed to another bot', async () => {
      const update = fake.textUpdate(CHAT, '/events@some_other_bot');
      assert.deepEqual((await post(update)).body, { ok: true, outcome: 'ignored' });
      assert.equal(await replyTo(update.update_id), undefined);
      const ours = fake.textUpdate(CHAT, `/help@${fake.botInfo.username}`);
      assert.deepEqual((await post(ours)).body, { ok: true, outcome: 'handled' });
    });
  });

  describe('queueTelegramMessage', () => {
    it('renders a template at queue time, records the use, and refuses missing variables', async () => {
      const editor = (await createApiKey(pool, { name: 'editor', scopes: ['templates.write'] })).key;
      const template = await call(
        'POST',
        '/api/v1/templates',
        { name: 'telegram reminder', type: 'event', body_text: 'Reminder: {{event.title}} at {{event.time}}' },
        editor,
      );
      assert.equal(template.status, 200, template.text);
      const queued = await withTransaction(pool, (client) =>
        queueTelegramMessage(
          client,
          { chat_id: CHAT, template_id: template.body.id, variables: { event: { title: 'Standup', time: '09:00' } } },
          { idempotencyKey: 'reminder-1', usedBy: 'test' },
        ),
      );
      assert.equal(queued.payload.text, 'Reminder: Standup at 09:00');
      const row = (await pool.query(`SELECT * FROM outbox WHERE id = $1`, [queued.outbox_id])).rows[0];
      assert.deepEqual(row.payload, { chat_id: CHAT, text: 'Reminder: Standup at 09:00' });
      assert.equal(await count(`SELECT count(*) AS n FROM template_usages WHERE context = 'telegram.send'`), 1);
      const again = await withTransaction(pool, (client) =>
        queueTelegramMessage(client, { chat_id: CHAT, text: 'x' }, { idempotencyKey: 'reminder-1' }),
      );
      assert.equal(again.outbox_id, null, 'same idempotency key: nothing new');
      await assert.rejects(
        withTransaction(pool, (client) =>
          queueTelegramMessage(client, { chat_id: CHAT, template_id: template.body.id, variables: { event: {} } }),
        ),
        (e: { status: number; errors: Json }) => e.status === 422 && 'variables.event.title' in e.errors,
      );
      await assert.rejects(
        withTransaction(pool, (client) => queueTelegramMessage(client, { chat_id: CHAT, text: 'x'.repeat(4097) })),
        (e: { status: number }) => e.status === 400,
      );
    });
  });

  describe('delivery channel', () => {
    let sequence = 0;
    const row = (payload: Json, target: string | null = String(payload.chat_id)): OutboxRow => ({
      id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
      event_type: 'telegram.send',
      channel: 'telegram',
      subscription_id: null,
      target,
      payload,
      idempotency_key: `k${sequence}`,
      attempts: 0,
      max_attempts: 10,
      created_at: new Date(),
    });
    const channel = () => telegramChannel({ pool, encryptionKey: KEY, timeoutSeconds: 5 });
    const deliver = (payload: Json, signal = AbortSignal.timeout(10_000)) => channel().deliver(row(payload), signal);

    it('sends the message (as a reply that survives a deleted original)', async () => {
      const result = await deliver({
        chat_id: CHAT,
        text: 'Hi there',
        reply_to_message_id: 99_999,
        disable_notification: true,
      });
      assert.equal(result.outcome, 'delivered', JSON.stringify(result));
      const sent = fake.sent.at(-1)!;
      assert.deepEqual(sent, {
        message_id: sent.message_id,
        chat_id: CHAT,
        text: 'Hi there',
        disable_notification: true,
        reply_to_message_id: 99_999,
      });
      assert.equal(result.outcome === 'delivered' && result.detail, `message_id=${sent.message_id}`);
    });

    it('429 → retry after retry_after; 500 and a proxy’s HTML 502 → retry', async () => {
      fake.fault('sendMessage', { type: '429', retryAfter: 7 });
      assert.deepEqual(await deliver({ chat_id: CHAT, text: 'a' }), {
        outcome: 'retry',
        statusCode: 429,
        error: 'Telegram 429: Too Many Requests: retry after 7',
        retryAfterMs: 7000,
      });
      fake.fault('sendMessage', { type: '500' });
      const failed = await deliver({ chat_id: CHAT, text: 'a' });
      assert.equal(failed.outcome, 'retry');
      assert.equal(failed.statusCode, 500);
      fake.fault('sendMessage', { type: 'html502' });
      assert.equal((await deliver({ chat_id: CHAT, text: 'a' })).outcome, 'retry');
    });

    it('a dropped connection and a timeout → retry, without the token in the error', async () => {
      fake.fault('sendMessage', { type: 'drop' });
      const dropped = await deliver({ chat_id: CHAT, text: 'a' });
      assert.equal(dropped.outcome, 'retry');
      assert.ok(
        dropped.outcome === 'retry' && !dropped.error.includes(fake.token),
        dropped.outcome === 'retry' ? dropped.error : '',
      );
      const before = fake.sent.length;
      fake.fault('sendMessage', { type: 'slow', ms: 2000 });
      const started = Date.now();
      const slow = await deliver({ chat_id: CHAT, text: 'a' }, AbortSignal.timeout(200));
      assert.deepEqual(slow, { outcome: 'retry', error: 'timed out' });
      assert.ok(Date.now() - started < 1500, 'gave up when the signal aborted');
      assert.equal(fake.sent.length, before);
    });

    it('403 bot blocked and 400 chat not found → failed; a bad payload → failed', async () => {
      fake.blockChat(1001);
      const blocked = await deliver({ chat_id: 1001, text: 'a' });
      assert.deepEqual(blocked, {
        outcome: 'failed',
        statusCode: 403,
        error: 'Telegram 403: Forbidden: bot was blocked by the user',
      });
      fake.forgetChat(1002);
      const missing = await deliver({ chat_id: 1002, text: 'a' });
      assert.equal(missing.outcome, 'failed');
      assert.equal(missing.statusCode, 400);
      const bad = await deliver({ chat_id: CHAT, text: '' });
      assert.equal(bad.outcome, 'failed');
      assert.match(bad.outcome === 'failed' ? bad.error : '', /text is required/);
    });

    it('waits (retry) while the token cannot be read, and limits per chat', async () => {
      const foreignKey = telegramChannel({ pool, encryptionKey: randomBytes(32) });
      const result = await foreignKey.deliver(row({ chat_id: CHAT, text: 'a' }), AbortSignal.timeout(5000));
      assert.equal(result.outcome, 'retry');
      const limits = channel().limits!;
      assert.equal(limits.perSecond, 30);
      assert.equal(limits.perTargetPerSecond, 1);
      assert.equal(limits.targetOf!(row({ chat_id: -100123, text: 'a' }, null)), '-100123');
      assert.equal(limits.targetOf!(row({ chat_id: CHAT, text: 'a' })), String(CHAT));
    });
  });

  describe('relay', () => {
    it('delivers a bot reply to Telegram, honouring retry_after', async () => {
      // Only this test's row is pending: earlier replies are parked.
      await pool.query(`UPDATE outbox SET status = 'cancelled' WHERE status = 'pending'`);
      const update = fake.textUpdate(CHAT, '/help');
      fake.fault('sendMessage', { type: '429', retryAfter: 1 });
      await post(update);
      const relay = startRelay({
        pool,
        logger: createLogger('silent'),
        channels: { telegram: telegramChannel({ pool, encryptionKey: KEY }) },
        options: { pollIntervalMs: 50 },
      });
      try {
        const started = Date.now();
        const delivered = await eventually(async () => {
          const r = await replyTo(update.update_id);
          return r.status === 'delivered' && r;
        }, 'the reply to be delivered');
        assert.ok(Date.now() - started >= 900, 'waited for retry_after');
        assert.equal(delivered.attempts, 2);
        const sent = fake.sent.at(-1)!;
        assert.equal(sent.chat_id, CHAT);
        assert.equal(sent.reply_to_message_id, update.message.message_id);
        assert.match(sent.text, /^What I understand:/);
      } finally {
        await relay.stop(2000);
      }
    });
  });
});
