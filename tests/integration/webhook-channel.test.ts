// The webhook channel against a real HTTP receiver (node:http on an ephemeral port) that checks
// every message with shared/standard-webhooks.ts, and real PostgreSQL: signed delivery, 410
// switching the subscription off, 429 with Retry-After (seconds and HTTP-date), 5xx, other
// 4xx and redirects, a slow receiver against the timeout, a reset connection, a refused port,
// deleted and inactive subscriptions, an unreadable secret, the statistics kept by `settled`,
// and one end-to-end run through the real relay.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { verify, type VerifyResult } from '../../shared/standard-webhooks.ts';
import { VERSION } from '../../admin-api/src/context.ts';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import type { AuditActor, Principal } from '../../admin-api/src/http/principal.ts';
import { emitEvent } from '../../admin-api/src/modules/outbox/emit.ts';
import { register } from '../../admin-api/src/modules/subscriptions/service.ts';
import type { Channel, DeliveryResult, OutboxRow } from '../../admin-api/src/relay/channel.ts';
import { parseRetryAfter, webhookChannel } from '../../admin-api/src/relay/channels/webhook.ts';
import { startRelay } from '../../admin-api/src/relay/relay.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string; check: VerifyResult };
type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const actor: AuditActor = { actorType: 'system', actorId: 'test', actorLabel: 'test' };
const principal: Principal = { type: 'user', id: 'test', email: 'test@example.test', role: 'admin', sessionId: 's' };
const encryptionKey = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');

/** A webhook receiver whose answer the test switches; it verifies and records every message. */
async function startReceiver() {
  const received: Received[] = [];
  const secrets: string[] = [];
  let behaviour: Behaviour = (_req, res) => res.writeHead(200).end('ok');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, check: verify(secrets, req.headers, body) });
      behaviour(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    secrets,
    answer(next: Behaviour) {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('webhook channel', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let channel: Channel;
  let subscriptionId: string;

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    receiver = await startReceiver();
    const created = await register(
      pool,
      encryptionKey,
      { url: receiver.url('/hook'), event_types: ['event.*'], description: null, active: true },
      actor,
      principal,
    );
    subscriptionId = created.id;
    receiver.secrets.push(created.secret);
    // No target cache: these tests switch the subscription on and off between deliveries.
    channel = webhookChannel(pool, encryptionKey, { timeoutMs: 300, targetTtlMs: 0 });
  });
  after(async () => {
    await receiver.close();
    await pool.end();
    await database.drop();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.answer((_req, res) => res.writeHead(200).end('ok'));
    await pool.query(
      `UPDATE subscriptions SET active = true, disabled_reason = NULL, consecutive_failures = 0,
         last_success_at = NULL, last_failure_at = NULL, url = $2 WHERE id = $1`,
      [subscriptionId, receiver.url('/hook')],
    );
  });

  /** Emits an event the subscription receives and returns its outbox row as the relay hands it over. */
  async function outboxRow(data: unknown = { title: 'Standup', n: 1 }): Promise<OutboxRow> {
    const { messageId } = await withTransaction(pool, (client) => emitEvent(client, { type: 'event.created', data }));
    const result = await pool.query<OutboxRow>(
      `SELECT id, event_type, channel, subscription_id, target, payload, idempotency_key, attempts, max_attempts,
              created_at FROM outbox WHERE payload->>'id' = $1 AND subscription_id = $2`,
      [messageId, subscriptionId],
    );
    assert.equal(result.rows.length, 1);
    return result.rows[0]!;
  }
  const deliver = async (row: OutboxRow, signal = new AbortController().signal) => channel.deliver(row, signal);
  const settle = (row: OutboxRow, result: DeliveryResult) =>
    withTransaction(pool, (client) => channel.settled!(client, row, result, result.outcome !== 'retry'));
  const subscription = async () =>
    (await pool.query('SELECT * FROM subscriptions WHERE id = $1', [subscriptionId])).rows[0];

  it('POSTs the payload signed with the subscription secret and counts the success', async () => {
    const row = await outboxRow({ title: 'Grüße "quoted"', list: [1, 2.5, null] });
    await pool.query('UPDATE subscriptions SET consecutive_failures = 3 WHERE id = $1', [subscriptionId]);
    const result = await deliver(row);
    assert.deepEqual(result, { outcome: 'delivered', statusCode: 200, detail: 'ok' });
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0]!;
    assert.deepEqual(got.check, {
      ok: true,
      id: row.idempotency_key,
      timestamp: got.check.ok ? got.check.timestamp : 0,
    });
    assert.ok(got.check.ok && Math.abs(got.check.timestamp - Date.now() / 1000) < 5);
    assert.equal(got.headers['webhook-id'], row.idempotency_key);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['user-agent'], `Chronos-Webhooks/${VERSION}`);
    assert.equal(got.body, JSON.stringify(row.payload));
    assert.deepEqual(JSON.parse(got.body).data, { title: 'Grüße "quoted"', list: [1, 2.5, null] });

    await settle(row, result);
    const after = await subscription();
    assert.equal(after.consecutive_failures, 0);
    assert.ok(after.last_success_at);
    assert.equal(after.last_failure_at, null);
  });

  it('signs every attempt afresh with the same webhook-id, with the current secret', async () => {
    const row = await outboxRow();
    await deliver(row);
    await new Promise((r) => setTimeout(r, 1100));
    await deliver(row);
    const [a, b] = receiver.received;
    assert.equal(a!.headers['webhook-id'], b!.headers['webhook-id']);
    assert.notEqual(a!.headers['webhook-timestamp'], b!.headers['webhook-timestamp']);
    assert.ok(a!.check.ok && b!.check.ok);
  });

  it('410: the row is gone and the subscription is switched off (audited); later rows are gone at once', async () => {
    receiver.answer((_req, res) => res.writeHead(410, { 'content-type': 'text/plain' }).end('workflow deactivated'));
    const row = await outboxRow();
    const result = await deliver(row);
    assert.deepEqual(result, {
      outcome: 'gone',
      statusCode: 410,
      error: 'the receiver answered 410 Gone',
      detail: 'workflow deactivated',
    });
    await settle(row, result);
    const off = await subscription();
    assert.equal(off.active, false);
    assert.match(off.disabled_reason, /410 Gone/);
    const audit = await pool.query(
      `SELECT actor_type, action, old_value, new_value FROM audit_log WHERE entity = 'subscription' AND entity_id = $1
         AND action = 'disable'`,
      [subscriptionId],
    );
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].actor_type, 'system');
    assert.equal(audit.rows[0].old_value.active, true);
    assert.equal(audit.rows[0].new_value.active, false);

    // A second 410 settling changes nothing more (no second audit row).
    await settle(row, result);
    const again = await pool.query(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action = 'disable'`, [
      subscriptionId,
    ]);
    assert.equal(Number(again.rows[0].count), 1);

    receiver.received.length = 0;
    const next = await deliver(row);
    assert.deepEqual(next, { outcome: 'gone', error: 'the subscription is switched off' });
    assert.equal(receiver.received.length, 0, 'nothing is sent to a switched-off subscription');
  });

  it('429 and 503 retry with Retry-After in seconds or as an HTTP date; failures are counted', async () => {
    receiver.answer((_req, res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down'));
    const row = await outboxRow();
    const limited = await deliver(row);
    assert.deepEqual(limited, {
      outcome: 'retry',
      statusCode: 429,
      error: 'the receiver answered 429',
      retryAfterMs: 7000,
      detail: 'slow down',
    });
    await settle(row, limited);

    const when = new Date(Date.now() + 120_000);
    receiver.answer((_req, res) => res.writeHead(503, { 'retry-after': when.toUTCString() }).end());
    const unavailable = await deliver(row);
    assert.equal(unavailable.outcome, 'retry');
    assert.equal(unavailable.statusCode, 503);
    const ms = unavailable.outcome === 'retry' ? unavailable.retryAfterMs! : -1;
    assert.ok(ms > 115_000 && ms <= 120_000, String(ms));
    assert.equal(unavailable.detail, undefined, 'an empty answer has no excerpt');
    await settle(row, unavailable);

    const counted = await subscription();
    assert.equal(counted.consecutive_failures, 2);
    assert.ok(counted.last_failure_at);
    assert.equal(counted.active, true);

    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(' 0 '), 0);
    assert.equal(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString()), 0);
  });

  it('500 retries with a response excerpt of at most 1 KB; 408, 409 and 425 retry too', async () => {
    receiver.answer((_req, res) => res.writeHead(500).end('x'.repeat(50_000)));
    const row = await outboxRow();
    const result = await deliver(row);
    assert.equal(result.outcome, 'retry');
    assert.equal(result.statusCode, 500);
    assert.ok(result.detail && result.detail.length <= 1024 && result.detail.length >= 500, `${result.detail?.length}`);
    assert.equal('retryAfterMs' in result, false);
    for (const status of [408, 409, 425, 502, 504]) {
      receiver.answer((_req, res) => res.writeHead(status).end());
      assert.equal((await deliver(row)).outcome, 'retry', String(status));
    }
  });

  it('other 4xx and redirects fail at once', async () => {
    const row = await outboxRow();
    for (const status of [400, 401, 403, 404, 413, 422]) {
      receiver.answer((_req, res) => res.writeHead(status).end(`no ${status}`));
      const result = await deliver(row);
      assert.deepEqual(
        result,
        { outcome: 'failed', statusCode: status, error: `the receiver answered ${status}`, detail: `no ${status}` },
        String(status),
      );
    }
    receiver.answer((_req, res) => res.writeHead(302, { location: 'https://elsewhere.example.test/' }).end());
    receiver.received.length = 0;
    const redirected = await deliver(row);
    assert.equal(redirected.outcome, 'failed');
    assert.match(redirected.outcome === 'failed' ? redirected.error : '', /redirects are not followed/);
    assert.equal(receiver.received.length, 1);
    await settle(row, redirected);
    assert.equal((await subscription()).consecutive_failures, 1);
  });

  it('gives up on a slow receiver after its timeout, and when the relay aborts', async () => {
    receiver.answer((_req, res) => setTimeout(() => res.writeHead(200).end('late'), 2000).unref());
    const row = await outboxRow();
    const started = Date.now();
    const result = await deliver(row);
    const took = Date.now() - started;
    assert.deepEqual(result, { outcome: 'retry', error: 'no answer within 300 ms' });
    assert.ok(took >= 280 && took < 1500, `took ${took} ms`);

    // The relay's own deadline (or shutdown) aborts too.
    const relayDeadline = new AbortController();
    setTimeout(() => relayDeadline.abort(), 50);
    const aborted = await webhookChannel(pool, encryptionKey, { timeoutMs: 10_000, targetTtlMs: 0 }).deliver(
      row,
      relayDeadline.signal,
    );
    assert.deepEqual(aborted, { outcome: 'retry', error: 'delivery aborted (relay deadline or shutdown)' });

    // A receiver that answers the headers in time but dribbles the body is cut off as well.
    receiver.answer((_req, res) => {
      res.writeHead(200);
      res.write('a');
      setTimeout(() => res.end('b'), 2000).unref();
    });
    const dribble = Date.now();
    const partial = await deliver(row);
    assert.equal(partial.outcome, 'delivered');
    assert.ok(Date.now() - dribble < 1500);
  });

  it('retries when the connection is reset or refused', async () => {
    receiver.answer((req) => req.socket.destroy());
    const row = await outboxRow();
    const reset = await deliver(row);
    assert.equal(reset.outcome, 'retry');
    assert.match(reset.outcome === 'retry' ? reset.error : '', /^could not reach the receiver: /);
    assert.equal(receiver.received.length, 1, 'the message did arrive before the reset');

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await pool.query('UPDATE subscriptions SET url = $2 WHERE id = $1', [subscriptionId, `http://127.0.0.1:${port}/x`]);
    const refused = await deliver(row);
    assert.equal(refused.outcome, 'retry');
    assert.match(refused.outcome === 'retry' ? refused.error : '', /ECONNREFUSED/);
  });

  it('a deleted or switched-off subscription is gone; an unreadable secret fails', async () => {
    const row = await outboxRow();
    assert.deepEqual(await deliver({ ...row, subscription_id: null }), {
      outcome: 'gone',
      error: 'the subscription was deleted',
    });
    assert.deepEqual(await deliver({ ...row, subscription_id: '00000000-0000-4000-8000-000000000000' }), {
      outcome: 'gone',
      error: 'the subscription was deleted',
    });
    await pool.query(`UPDATE subscriptions SET active = false, disabled_reason = 'by hand' WHERE id = $1`, [
      subscriptionId,
    ]);
    assert.equal((await deliver(row)).outcome, 'gone');
    await pool.query('UPDATE subscriptions SET active = true WHERE id = $1', [subscriptionId]);

    const otherKey = webhookChannel(pool, Buffer.alloc(32, 1), { targetTtlMs: 0 });
    const unreadable = await otherKey.deliver(row, new AbortController().signal);
    assert.equal(unreadable.outcome, 'failed');
    assert.match(unreadable.outcome === 'failed' ? unreadable.error : '', /cannot be decrypted/);
    assert.equal(receiver.received.length, 0);
  });

  it('settled does not wait for a subscription row another transaction holds', async () => {
    const row = await outboxRow();
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM subscriptions WHERE id = $1 FOR UPDATE', [subscriptionId]);
      const started = Date.now();
      await settle(row, { outcome: 'retry', error: 'x' });
      assert.ok(Date.now() - started < 1000);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    assert.equal((await subscription()).consecutive_failures, 0, 'skipped while locked');
    await settle(row, { outcome: 'retry', error: 'x' });
    assert.equal((await subscription()).consecutive_failures, 1);
  });

  it('delivers end to end through the relay: emitted event → signed POST → delivered row and attempt', async () => {
    await pool.query(`UPDATE outbox SET status = 'cancelled' WHERE status = 'pending'`);
    const row = await outboxRow({ end: 'to end' });
    const relay = startRelay({
      pool,
      logger: createLogger('silent'),
      channels: { webhook: channel },
      options: { pollIntervalMs: 50 },
    });
    try {
      const deadline = Date.now() + 5000;
      while ((await pool.query('SELECT status FROM outbox WHERE id = $1', [row.id])).rows[0].status !== 'delivered') {
        if (Date.now() > deadline) throw new Error('not delivered in time');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await relay.stop(1000);
    }
    assert.equal(receiver.received.length, 1);
    assert.ok(receiver.received[0]!.check.ok);
    assert.equal(JSON.parse(receiver.received[0]!.body).data.end, 'to end');
    const attempts = await pool.query(
      'SELECT outcome, status_code, response_excerpt FROM delivery_attempts WHERE outbox_id = $1',
      [row.id],
    );
    assert.deepEqual(attempts.rows, [{ outcome: 'delivered', status_code: 200, response_excerpt: 'ok' }]);
    assert.ok((await subscription()).last_success_at);
  });
});
