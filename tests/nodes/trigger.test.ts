// The Chronos Trigger in n8n's engine (in-process harness): activation registers a
// subscription in a real admin-api for the workflow's webhook URL and event types,
// checkExists notices when it changed or vanished, deactivation deletes it; and the webhook
// function starts the workflow only for correctly signed, fresh, first-seen, wanted messages.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { IDataObject } from 'n8n-workflow';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { generateSecret, signatureHeaders } from '../../shared/standard-webhooks.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import {
  runTriggerWebhook,
  runTriggerWebhookMethod,
  triggerWebhookUrl,
  type HarnessCredentials,
} from '../helpers/n8n-harness.ts';

type Subscription = { id: string; url: string; event_types: string[]; active: boolean };
const STATE_KEY = 'node:Chronos Trigger';

describe('Chronos Trigger', () => {
  let database: TestDatabase;
  let api: TestApi;
  let credentials: HarnessCredentials;
  let readOnlyKey: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    const pool = new pg.Pool({ connectionString: database.url });
    credentials = {
      baseUrl: api.url,
      apiKey: (await createApiKey(pool, { name: 'n8n trigger', scopes: ['workflows.manage'] })).key,
    };
    readOnlyKey = (await createApiKey(pool, { name: 'events only', scopes: ['events.read'] })).key;
    await pool.end();
  });
  after(async () => {
    await api?.close();
    await database?.drop();
  });

  async function subscriptions(): Promise<Subscription[]> {
    const reply = await request(api.url, 'GET', '/api/v1/subscriptions', { token: credentials.apiKey });
    assert.equal(reply.status, 200, reply.text);
    return reply.body as Subscription[];
  }

  describe('subscription lifecycle', () => {
    it('creates, checks and deletes the subscription for the webhook URL and event types', async () => {
      const webhookId = randomUUID();
      const parameters = { events: ['event.created', 'command.failed'] };
      const lifecycle = (
        method: 'checkExists' | 'create' | 'delete',
        staticData: IDataObject,
        extra: IDataObject = {},
      ) =>
        runTriggerWebhookMethod({
          credentials,
          parameters: { ...parameters, ...extra },
          method,
          staticData,
          webhookId,
        });

      const before = await lifecycle('checkExists', {});
      assert.equal(before.result, false, 'nothing registered yet');
      assert.equal(before.webhookUrl, triggerWebhookUrl(webhookId));

      const created = await lifecycle('create', {});
      assert.equal(created.result, true);
      const state = created.staticData[STATE_KEY] as IDataObject;
      assert.match(String(state.subscriptionId), /^[0-9a-f-]{36}$/);
      assert.match(String(state.secret), /^whsec_/, 'without a credential secret the node keeps its own');

      const registered = (await subscriptions()).find((s) => s.id === state.subscriptionId);
      assert.ok(registered, 'the subscription exists in Chronos');
      assert.equal(registered.url, triggerWebhookUrl(webhookId));
      assert.deepEqual([...registered.event_types].sort(), ['command.failed', 'event.created']);
      assert.equal(registered.active, true);

      assert.equal((await lifecycle('checkExists', created.staticData)).result, true);
      const otherEvents = await lifecycle('checkExists', created.staticData, { events: ['event.created'] });
      assert.equal(otherEvents.result, false, 'changed event types need a new registration');

      const deleted = await lifecycle('delete', created.staticData);
      assert.equal(deleted.result, true);
      assert.equal(
        deleted.staticData[STATE_KEY] && (deleted.staticData[STATE_KEY] as IDataObject).subscriptionId,
        undefined,
      );
      assert.equal(
        (await subscriptions()).some((s) => s.id === state.subscriptionId),
        false,
        'the subscription is gone from Chronos',
      );
      assert.equal((await lifecycle('checkExists', created.staticData)).result, false, 'a vanished one is noticed');
    });

    it('registers with the credential secret when one is set and re-registers when it changes', async () => {
      const webhookId = randomUUID();
      const withSecret = { ...credentials, webhookSecret: generateSecret() };
      const run = (method: 'checkExists' | 'create' | 'delete', staticData: IDataObject, creds = withSecret) =>
        runTriggerWebhookMethod({
          credentials: creds,
          parameters: { events: ['event.created'] },
          method,
          staticData,
          webhookId,
        });

      const created = await run('create', {});
      const state = created.staticData[STATE_KEY] as IDataObject;
      assert.equal(state.secret, undefined, 'the credential secret is not copied into static data');
      assert.equal((await run('checkExists', created.staticData)).result, true);
      const rotated = { ...withSecret, webhookSecret: generateSecret() };
      assert.equal((await run('checkExists', created.staticData, rotated)).result, false);
      await run('delete', created.staticData);
    });

    it('deletes by URL when the static data was lost', async () => {
      const webhookId = randomUUID();
      const parameters = { events: ['backup.failed'] };
      await runTriggerWebhookMethod({ credentials, parameters, method: 'create', webhookId });
      assert.ok((await subscriptions()).some((s) => s.url === triggerWebhookUrl(webhookId)));
      await runTriggerWebhookMethod({ credentials, parameters, method: 'delete', staticData: {}, webhookId });
      assert.equal(
        (await subscriptions()).some((s) => s.url === triggerWebhookUrl(webhookId)),
        false,
      );
    });

    it('fails activation with the missing scope named', async () => {
      await assert.rejects(
        runTriggerWebhookMethod({
          credentials: { ...credentials, apiKey: readOnlyKey },
          parameters: { events: ['event.created'] },
          method: 'create',
          webhookId: randomUUID(),
        }),
        (error: Error & { httpCode?: string; description?: string }) => {
          assert.equal(error.httpCode, '403');
          assert.match(String(error.description), /workflows\.manage/);
          return true;
        },
      );
    });
  });

  describe('webhook', () => {
    const secret = generateSecret();
    const staticData = { [STATE_KEY]: { subscriptionId: randomUUID(), secret } };
    const parameters = { events: ['event.created', 'command.failed'], options: {} };
    const eventEnvelope = (calendarId = 'default') => ({
      id: randomUUID(),
      type: 'event.created',
      timestamp: new Date().toISOString(),
      data: { id: randomUUID(), calendar_id: calendarId, title: 'Standup', status: 'scheduled' },
    });
    const deliver = (
      body: string,
      headers: Record<string, string>,
      options: { staticData?: IDataObject; parameters?: IDataObject } = {},
    ) =>
      runTriggerWebhook({
        credentials,
        parameters: options.parameters ?? parameters,
        headers,
        body,
        staticData: options.staticData ?? staticData,
      });
    const signed = (body: string, key = secret, now = new Date(), id = `msg_${randomUUID()}`) =>
      signatureHeaders(key, id, body, now);

    it('starts the workflow for a signed message, with the envelope and its main fields', async () => {
      const envelope = eventEnvelope();
      // Key order and spacing as sent: the signature covers these exact bytes.
      const body = JSON.stringify(envelope, null, 1);
      const result = await deliver(body, signed(body));
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.ok(result.workflowData, 'an execution starts');
      assert.equal(result.workflowData.length, 1);
      assert.equal(result.workflowData[0].length, 1);
      assert.deepEqual(result.workflowData[0][0].json, {
        ...envelope,
        eventId: envelope.data.id,
        calendarId: 'default',
        status: 'scheduled',
      });
    });

    it('puts command fields at the top level', async () => {
      const command = { id: randomUUID(), system: 'backup-server', action: 'restart', status: 'FAILED' };
      const body = JSON.stringify({
        id: randomUUID(),
        type: 'command.failed',
        timestamp: new Date().toISOString(),
        data: command,
      });
      const result = await deliver(body, signed(body));
      assert.ok(result.workflowData);
      const json = result.workflowData[0][0].json;
      assert.equal(json.commandId, command.id);
      assert.equal(json.system, 'backup-server');
      assert.equal(json.action, 'restart');
      assert.equal(json.status, 'FAILED');
    });

    const refusals: Array<[string, (body: string) => Record<string, string>, string]> = [
      ['an unsigned message', () => ({}), 'missing_headers'],
      ['a message signed with another secret', (body) => signed(body, generateSecret()), 'bad_signature'],
      ['a 6-minute-old message', (body) => signed(body, secret, new Date(Date.now() - 6 * 60_000)), 'too_old'],
      [
        'a message from 6 minutes in the future',
        (body) => signed(body, secret, new Date(Date.now() + 6 * 60_000)),
        'too_new',
      ],
    ];
    for (const [name, headersFor, reason] of refusals) {
      it(`refuses ${name} with 401 and starts nothing`, async () => {
        const body = JSON.stringify(eventEnvelope());
        const result = await deliver(body, headersFor(body));
        assert.equal(result.status, 401);
        assert.equal((result.body as IDataObject).reason, reason);
        assert.equal(result.workflowData, undefined);
      });
    }

    it('refuses a body changed after signing', async () => {
      const body = JSON.stringify(eventEnvelope());
      const result = await deliver(body.replace('Standup', 'Standup!'), signed(body));
      assert.equal(result.status, 401);
      assert.equal((result.body as IDataObject).reason, 'bad_signature');
      assert.equal(result.workflowData, undefined);
    });

    it('refuses a replayed webhook-id, even re-signed with a fresh timestamp', async () => {
      const body = JSON.stringify(eventEnvelope());
      const id = `msg_${randomUUID()}`;
      const first = await deliver(body, signed(body, secret, new Date(), id));
      assert.ok(first.workflowData);
      const seen = (first.staticData[STATE_KEY] as IDataObject).seen as Array<[string, number]>;
      assert.ok(
        seen.some(([seenId]) => seenId === id),
        'the id is remembered in static data',
      );

      const again = await deliver(body, signed(body, secret, new Date(Date.now() + 1000), id), {
        staticData: first.staticData,
      });
      assert.equal(again.status, 401);
      assert.equal((again.body as IDataObject).reason, 'replayed');
      assert.equal(again.workflowData, undefined);
    });

    it('keeps the list of seen ids bounded and drops ids older than the window', async () => {
      const now = Math.floor(Date.now() / 1000);
      const old: Array<[string, number]> = Array.from({ length: 50 }, (_, i) => [`old_${i}`, now - 3600]);
      const recent: Array<[string, number]> = Array.from({ length: 1000 }, (_, i) => [`recent_${i}`, now]);
      const crowded = { [STATE_KEY]: { secret, seen: [...old, ...recent] } };
      const body = JSON.stringify(eventEnvelope());
      const result = await deliver(body, signed(body), { staticData: crowded });
      assert.ok(result.workflowData);
      const seen = (result.staticData[STATE_KEY] as IDataObject).seen as Array<[string, number]>;
      assert.equal(seen.length, 1000);
      assert.equal(
        seen.some(([id]) => id.startsWith('old_')),
        false,
      );
      assert.equal(
        seen.some(([id]) => id === 'recent_0'),
        false,
        'the oldest recent id made room',
      );
    });

    it('answers 200 without an execution for a type or calendar the trigger does not want', async () => {
      const unwanted = JSON.stringify({ ...eventEnvelope(), type: 'event.deleted' });
      const byType = await deliver(unwanted, signed(unwanted));
      assert.equal(byType.status, 200);
      assert.equal(byType.workflowData, undefined);
      assert.match(String((byType.body as IDataObject).ignored), /event\.deleted/);

      const onlyWork = { ...parameters, options: { calendarId: 'work' } };
      const other = JSON.stringify(eventEnvelope('default'));
      const byCalendar = await deliver(other, signed(other), { parameters: onlyWork });
      assert.equal(byCalendar.status, 200);
      assert.equal(byCalendar.workflowData, undefined);

      const work = JSON.stringify(eventEnvelope('work'));
      assert.ok((await deliver(work, signed(work), { parameters: onlyWork })).workflowData, 'its own calendar passes');

      const onlySystem = { ...parameters, options: { system: 'mail-server' } };
      const command = JSON.stringify({
        id: randomUUID(),
        type: 'command.failed',
        timestamp: new Date().toISOString(),
        data: { id: randomUUID(), system: 'backup-server', action: 'restart', status: 'FAILED' },
      });
      assert.equal((await deliver(command, signed(command), { parameters: onlySystem })).workflowData, undefined);
    });

    it('verifies with the credential secret when one is set', async () => {
      const credentialSecret = generateSecret();
      const body = JSON.stringify(eventEnvelope());
      const withCredential = (headers: Record<string, string>) =>
        runTriggerWebhook({
          credentials: { ...credentials, webhookSecret: credentialSecret },
          parameters,
          headers,
          body,
          staticData,
        });
      assert.ok((await withCredential(signed(body, credentialSecret))).workflowData);
      const stale = await withCredential(signed(body, secret));
      assert.equal(stale.status, 401, 'the generated secret no longer counts once the credential sets one');
      assert.equal(stale.workflowData, undefined);
    });
  });
});
