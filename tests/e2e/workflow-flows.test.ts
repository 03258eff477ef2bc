// End to end in a real n8n 2.x: every workflow of workflows/ imported and activated with the
// tooling (as `npm start` does), then real flows through Chronos, its relay, n8n, the Chronos
// nodes and back:
//   - an event created through the API → event-mail → a mail with the rendered template at a
//     real SMTP server;
//   - `ACTION: N8N PING` sent to the Telegram bot → a command → command-dispatch in n8n claims
//     and completes it through the callback → a rule's follow-up command;
//   - a Telegram message the bot does not understand → telegram-inbound → n8n's reply at the
//     fake Bot API;
//   - the daily backup workflow, started as n8n's editor starts a run → a daily backup in
//     the configured folder, verified, retention applied;
//   - deactivating a trigger workflow removes its subscription.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { WORKFLOW_KEY_SCOPES } from '../../scripts/lib/local-workflows.ts';
import { n8nLogin } from '../../scripts/lib/n8n.ts';
import { mintN8nApiKey, N8nPublicApi } from '../../scripts/lib/n8n-public-api.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { importWorkflows, type ImportOutcome } from '../../scripts/lib/workflow-sync.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { request } from '../helpers/http.ts';
import { startTestN8n, type TestN8n } from '../helpers/n8n-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { eventually } from '../helpers/eventually.ts';
import { prepareWorkflowFlows, TELEGRAM_CHAT } from '../helpers/workflow-setup.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CHAT = TELEGRAM_CHAT;

describe('the versioned workflows in a real n8n', { timeout: 600_000 }, () => {
  let chronosDb: TestDatabase;
  let n8nDb: TestDatabase;
  let api: TestApi;
  let n8n: TestN8n;
  let n8nApi: N8nPublicApi;
  let pool: pg.Pool;
  let smtp: TestSmtpServer;
  let telegram: FakeTelegram;
  let admin: string;
  let backupFolder: string;
  let outcomes: ImportOutcome[];

  const call = (method: string, route: string, body?: unknown) =>
    request(api.url, method, route, { token: admin, body });
  const ok = async (method: string, route: string, body?: unknown) => {
    const response = await call(method, route, body);
    assert.ok(response.status < 300, `${method} ${route}: ${response.status} ${response.text}`);
    return response.body as Json;
  };
  const workflowId = (key: string) => {
    const outcome = outcomes.find((o) => o.key === key);
    assert.ok(outcome?.workflowId, `${key} was imported`);
    return outcome.workflowId;
  };

  before(async () => {
    chronosDb = await createTestDatabase();
    n8nDb = await createTestDatabase({ template: false });
    smtp = await startSmtpServer();
    telegram = await startFakeTelegram();
    // The relay delivers the subscriptions' events to n8n and the mails and messages n8n queues.
    api = await startTestApi(chronosDb.url, { RELAY_ENABLED: 'true' }, UNLIMITED);
    pool = new pg.Pool({ connectionString: chronosDb.url });
    admin = (await createApiKey(pool, { name: 'e2e admin', scopes: ['admin'] })).key;

    await prepareWorkflowFlows(call, { smtp, telegram });
    backupFolder = fs.mkdtempSync(path.join(process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir(), 'backups-'));
    await ok('PUT', '/api/v1/settings/backup', {
      value: {
        ...(await call('GET', '/api/v1/settings/backup')).body.value,
        target: 'folder',
        folder_path: backupFolder,
      },
    });

    // n8n with the package installed as production installs it.
    n8n = await startTestN8n({ databaseUrl: n8nDb.url });
    n8nApi = new N8nPublicApi(n8n.url, await mintN8nApiKey(n8n.url, n8n.owner, { label: 'e2e' }));
    const workflowKey = (await createApiKey(pool, { name: 'n8n', scopes: WORKFLOW_KEY_SCOPES })).key;
    outcomes = await importWorkflows(
      { n8n: n8nApi, pool, dir: path.join(repoRoot, 'workflows'), actor: 'e2e' },
      { activate: true, chronosApi: { baseUrl: api.url, apiKey: workflowKey } },
    );
  });

  after(async () => {
    await n8n?.stop();
    await api?.close();
    await pool?.end();
    await smtp?.close();
    await telegram?.close();
    await chronosDb?.drop();
    await n8nDb?.drop();
    if (backupFolder) fs.rmSync(backupFolder, { recursive: true, force: true });
  });

  it('imports every workflow and activates the ones whose credentials exist', async () => {
    const files = fs.readdirSync(path.join(repoRoot, 'workflows')).filter((f) => f.endsWith('.json'));
    assert.equal(outcomes.length, files.length);
    for (const outcome of outcomes) assert.equal(outcome.state, 'installed', `${outcome.key}: ${outcome.detail}`);
    const activation = Object.fromEntries(outcomes.map((o) => [o.key, o.activation]));
    for (const key of ['event-mail', 'command-dispatch', 'telegram-inbound', 'backup-daily', 'gpu-healing'])
      assert.equal(activation[key], 'activated', `${key}: ${activation[key]}`);
    // Calendar sync needs the user's Google credential: imported, left inactive, and said so.
    assert.match(activation['calendar-sync'] ?? '', /needs credential/);
    // Every active Chronos Trigger registered its subscription at Chronos (n8n activates
    // trigger webhooks just after answering the publish call).
    const wanted = ['event.created', 'command.created', 'telegram.message', 'ingest.received'];
    await eventually(
      async () => {
        const subscriptions = (await ok('GET', '/api/v1/subscriptions?range=[0,99]')) as unknown as Json[];
        const types = subscriptions.flatMap((s) => s.event_types as string[]);
        return wanted.every((type) => types.includes(type));
      },
      `subscriptions for ${wanted.join(', ')}`,
    );
  });

  it('mails the attendees of a new event with the rendered template', async () => {
    const event = await ok('POST', '/api/v1/events', {
      title: 'Board meeting',
      start_at: '2031-03-04T09:00:00Z',
      end_at: '2031-03-04T10:00:00Z',
      attendees: ['ann@example.test', 'bob@example.test'],
    });
    await smtp.waitForMessages(1, 90_000);
    const mail = smtp.messages[0]!;
    assert.equal(mail.parsed.subject, 'Event created: Board meeting');
    assert.match(mail.parsed.text ?? '', /Board meeting starts 2031-03-04T09:00:00/);
    assert.deepEqual([...mail.envelope.to].sort(), ['ann@example.test', 'bob@example.test']);
    // Chronos' delivery log knows which template it came from.
    const log = await eventually(async () => {
      const rows = (await ok('GET', '/api/v1/mail')) as unknown as Json[];
      return rows[0]?.status === 'sent' && rows;
    }, 'the delivery log to say sent');
    assert.equal(log.length, 1);
    assert.ok(String(log[0]!.idempotency_key).startsWith('event-mail-'), log[0]!.idempotency_key);
    assert.ok(event.id);
  });

  it('dispatches an ACTION command to n8n, completes it through the callback and fires the rule', async () => {
    const update = telegram.textUpdate(CHAT, 'ACTION: N8N PING');
    const delivered = await telegram.deliver(update, { url: `${api.url}/telegram/webhook` });
    assert.equal(delivered.status, 200);
    const filter = (f: Json) => `/api/v1/commands?filter=${encodeURIComponent(JSON.stringify(f))}`;
    const [ping] = (await ok('GET', filter({ system: 'N8N', action: 'PING' }))) as unknown as Json[];
    assert.ok(ping, 'the ACTION became a command');
    const done = await eventually(async () => {
      const command = await ok('GET', `/api/v1/commands/${ping.id}`);
      return command.status === 'COMPLETED' && command;
    }, 'n8n to complete the PING command');
    assert.deepEqual(done.result, { pong: true });
    assert.match(String(done.claimed_by), /^api_key:/, 'claimed by n8n with its API key');
    const followUps = (await ok('GET', filter({ parent_command_id: ping.id }))) as unknown as Json[];
    assert.equal(followUps.length, 1);
    assert.equal(followUps[0]!.action, 'FOLLOW_UP');
    assert.equal(followUps[0]!.source, 'rule');
  });

  it("answers a Telegram message the bot did not understand from n8n's workflow", async () => {
    const before = telegram.sent.length;
    const update = telegram.textUpdate(CHAT, 'hello there, chronos');
    assert.equal((await telegram.deliver(update, { url: `${api.url}/telegram/webhook` })).status, 200);
    const reply = await eventually(
      async () => telegram.sent.slice(before).find((m) => m.text.startsWith('n8n received your message')),
      "n8n's reply at the Bot API",
    );
    assert.equal(reply.chat_id, CHAT);
    assert.equal(reply.text, 'n8n received your message: “hello there, chronos”');
    assert.equal(reply.reply_to_message_id, (update.message as Json).message_id);
  });

  it('runs the daily backup workflow: a daily backup in the folder, verified, then pruned', async () => {
    // Started the way n8n's editor runs a workflow from its schedule trigger (02:00 is far).
    const cookie = await n8nLogin(n8n.url, n8n.owner);
    const run = await fetch(`${n8n.url}/rest/workflows/${workflowId('backup-daily')}/run`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ triggerToStartFrom: { name: 'Every day at 02:00' } }),
    });
    assert.equal(run.status, 200, await run.clone().text());
    const started = (await run.json()) as { data: { executionId: string } };
    assert.ok(started.data.executionId, JSON.stringify(started));
    const execution = await eventually(
      async () => {
        const response = await fetch(`${n8n.url}/rest/executions/${started.data.executionId}`, { headers: { cookie } });
        const { data } = (await response.json()) as { data: Json };
        return data && data.status !== 'running' && data.status !== 'new' && data;
      },
      'the backup workflow to finish',
      180_000,
    );
    // Success means the happy path ran to its end: a failure path would try to notify an
    // empty Telegram chat id and fail the execution.
    assert.equal(execution.status, 'success');
    const [backup] = (await ok('GET', '/api/v1/backups')) as unknown as Json[];
    assert.equal(backup?.kind, 'daily');
    assert.equal(backup.status, 'completed');
    assert.equal(backup.verify_status, 'ok', 'verified by the workflow');
    assert.ok(fs.readdirSync(backupFolder, { recursive: true }).some((f) => String(f).endsWith('.zip')));
  });

  it('deactivating a trigger workflow deletes its subscription at Chronos', async () => {
    const id = workflowId('telegram-inbound');
    const listed = async () =>
      ((await ok('GET', '/api/v1/subscriptions?range=[0,99]')) as unknown as Json[]).filter((s) =>
        (s.event_types as string[]).includes('telegram.message'),
      );
    assert.equal((await listed()).length, 1);
    await n8nApi.deactivateWorkflow(id);
    await eventually(async () => (await listed()).length === 0, 'the subscription to be deleted', 30_000);
  });
});
