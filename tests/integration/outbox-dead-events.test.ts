// The events the system announces about itself: `outbox.dead` when the relay gives up on a row
// (max attempts, a permanent failure, a poison row; never for an outbox.dead row: loop guard)
// and `security.incident` when an incident is raised — each received, signed, by a subscribed
// webhook receiver through the real relay and webhook channel.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { verify } from '../../shared/standard-webhooks.ts';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import type { AuditActor, Principal } from '../../admin-api/src/http/principal.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { emitEvent } from '../../admin-api/src/modules/outbox/emit.ts';
import { raiseIncident } from '../../admin-api/src/modules/security/repo.ts';
import { register } from '../../admin-api/src/modules/subscriptions/service.ts';
import { webhookChannel } from '../../admin-api/src/relay/channels/webhook.ts';
import { startRelay, type Relay } from '../../admin-api/src/relay/relay.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

const actor: AuditActor = { actorType: 'system', actorId: 'test', actorLabel: 'test' };
const principal: Principal = { type: 'user', id: 'test', email: 'test@example.test', role: 'admin', sessionId: 's' };
const encryptionKey = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');

/** A receiver that answers every call with `status` and keeps the verified bodies. */
async function startReceiver(status: number) {
  const received: Array<{ body: Json; verified: boolean }> = [];
  const secrets: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ body: JSON.parse(text) as Json, verified: verify(secrets, req.headers, text).ok });
      res.writeHead(status).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    secrets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('outbox.dead and security.incident events', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let relay: Relay;
  let refusing: Awaited<ReturnType<typeof startReceiver>>;
  let alerts: Awaited<ReturnType<typeof startReceiver>>;
  let brokenAlerts: Awaited<ReturnType<typeof startReceiver>>;
  let refusingId: string;
  let alertsId: string;
  let brokenAlertsId: string;

  const subscribe = async (receiver: Awaited<ReturnType<typeof startReceiver>>, eventTypes: string[]) => {
    const created = await register(
      pool,
      encryptionKey,
      { url: receiver.url, event_types: eventTypes, description: null, active: true },
      actor,
      principal,
    );
    receiver.secrets.push(created.secret);
    return created.id;
  };

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 10 });
    refusing = await startReceiver(400); // 400: a permanent failure, the row dies at once
    alerts = await startReceiver(200);
    brokenAlerts = await startReceiver(400);
    refusingId = await subscribe(refusing, ['event.created']);
    alertsId = await subscribe(alerts, ['outbox.dead', 'security.incident']);
    brokenAlertsId = await subscribe(brokenAlerts, ['outbox.dead']);
    relay = startRelay({
      pool,
      logger: createLogger('silent'),
      channels: { webhook: webhookChannel(pool, encryptionKey, { timeoutMs: 2000, targetTtlMs: 0 }) },
      options: { pollIntervalMs: 50, backoff: { baseMs: 1, capMs: 20 } },
    });
  });
  after(async () => {
    await relay.stop(1000);
    await Promise.all([refusing.close(), alerts.close(), brokenAlerts.close()]);
    await pool.end();
    await database.drop();
  });
  beforeEach(() => {
    for (const r of [refusing, alerts, brokenAlerts]) r.received.length = 0;
  });

  async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const deadOf = (outboxId: string) =>
    alerts.received.find((r) => r.body.type === 'outbox.dead' && (r.body.data as Json).outbox_id === outboxId);
  const outboxRows = async (eventType: string, subscriptionId: string) =>
    (
      await pool.query('SELECT * FROM outbox WHERE event_type = $1 AND subscription_id = $2 ORDER BY created_at', [
        eventType,
        subscriptionId,
      ])
    ).rows;

  it('announces a row that failed permanently as outbox.dead, once per subscriber, never for outbox.dead rows', async () => {
    const { messageId } = await withTransaction(pool, (client) =>
      emitEvent(client, { type: 'event.created', data: { title: 'Standup' } }),
    );
    const [row] = (
      await pool.query(`SELECT id FROM outbox WHERE payload->>'id' = $1 AND subscription_id = $2`, [
        messageId,
        refusingId,
      ])
    ).rows;
    const got = await until(() => deadOf(row.id), 'outbox.dead at the alert receiver');
    assert.equal(got.verified, true, 'signed with the subscription secret');
    assert.deepEqual(got.body.data, {
      outbox_id: row.id,
      event_type: 'event.created',
      channel: 'webhook',
      target: refusing.url,
      subscription_id: refusingId,
      idempotency_key: `msg_${messageId}_${refusingId}`,
      attempts: 1,
      error: (got.body.data as Json).error,
      status_code: 400,
      reason: 'failed',
    });
    assert.match(String((got.body.data as Json).error), /400/);
    // The broken receiver of outbox.dead got its copy, which died too — and announced nothing.
    const brokenCopy = await until(
      async () =>
        (await outboxRows('outbox.dead', brokenAlertsId)).find(
          (r) => r.payload.data.outbox_id === row.id && r.status === 'dead',
        ),
      'the broken receiver’s copy to die',
    );
    await new Promise((r) => setTimeout(r, 300));
    const aboutTheCopy = await pool.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->'data'->>'outbox_id' = $1`,
      [brokenCopy.id],
    );
    assert.equal(aboutTheCopy.rows[0].n, 0, 'no outbox.dead about an outbox.dead row');
    assert.equal(alerts.received.filter((r) => r.body.type === 'outbox.dead').length, 1);
  });

  it('announces max attempts and poison rows, in the transaction that marks them dead', async () => {
    // A row whose last allowed attempt fails (max_attempts 1, receiver answers 400 → failed) is
    // covered above; here: a retryable failure on the last attempt, and a poison row.
    // The subscription points at a closed port before the row exists: the relay wakes on the
    // insert and must not find the refusing receiver's URL still in place.
    await pool.query(`UPDATE subscriptions SET url = 'http://127.0.0.1:9/hook' WHERE id = $1`, [refusingId]);
    const retryable = await pool.query<{ id: string }>(
      `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key, max_attempts)
       VALUES ('event.created', 'webhook', $1, 'http://127.0.0.1:9/hook', '{"id":"x","type":"event.created","data":{}}',
               'max-attempts-' || gen_random_uuid(), 1) RETURNING id`,
      [refusingId],
    );
    const maxed = await until(() => deadOf(retryable.rows[0]!.id), 'outbox.dead for max attempts');
    assert.equal((maxed.body.data as Json).reason, 'max_attempts');
    await pool.query(`UPDATE subscriptions SET url = $2 WHERE id = $1`, [refusingId, refusing.url]);

    const poison = await pool.query<{ id: string }>(
      `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key, status, starts,
                           locked_by, locked_until)
       VALUES ('event.created', 'webhook', $1, $2, '{"id":"y","type":"event.created","data":{}}',
               'poison-' || gen_random_uuid(), 'in_flight', 3, 'crashed', now() - interval '1 second') RETURNING id`,
      [refusingId, refusing.url],
    );
    const poisoned = await until(() => deadOf(poison.rows[0]!.id), 'outbox.dead for a poison row');
    assert.equal((poisoned.body.data as Json).reason, 'poison');
    assert.match(String((poisoned.body.data as Json).error), /poison/);
    // Both announcements exist only with their dead row: each references a dead row.
    for (const id of [retryable.rows[0]!.id, poison.rows[0]!.id]) {
      assert.equal((await pool.query('SELECT status FROM outbox WHERE id = $1', [id])).rows[0].status, 'dead');
    }
  });

  it('announces a raised security incident as security.incident (and not a suppressed duplicate)', async () => {
    const raise = () =>
      withTransaction(pool, (client) =>
        raiseIncident(
          client,
          { kind: 'brute_force', severity: 'high', ip: '203.0.113.9', details: { failures: 5 } },
          { windowSec: 600, openOnly: true, by: ['ip'] },
        ),
      );
    const incident = await raise();
    assert.ok(incident);
    assert.equal(await raise(), null, 'the duplicate is suppressed');
    const got = await until(
      () => alerts.received.find((r) => r.body.type === 'security.incident'),
      'security.incident at the alert receiver',
    );
    assert.equal(got.verified, true);
    assert.equal((got.body.data as Json).id, incident.id);
    assert.equal((got.body.data as Json).kind, 'brute_force');
    assert.equal((got.body.data as Json).severity, 'high');
    assert.equal((got.body.data as Json).open, true);
    assert.equal((await outboxRows('security.incident', alertsId)).length, 1, 'one event for one incident');
    assert.equal((await outboxRows('security.incident', brokenAlertsId)).length, 0, 'not subscribed');
  });
});
