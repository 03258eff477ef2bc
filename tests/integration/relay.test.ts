// The outbox relay against real PostgreSQL, with a programmable channel standing in for a
// receiver (the real channels have their own suites): delivery and attempt records, backoff
// and Retry-After, dead after max attempts, permanent failures, cancelled targets, lease loss,
// poison rows, NOTIFY wake-up, rate limits, two relays without double delivery, and the
// outbox API (attempts, retry, bulk retry, purge).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { createListener } from '../../admin-api/src/db/listener.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import type { Channel, DeliveryResult, OutboxRow } from '../../admin-api/src/relay/channel.ts';
import { startRelay, type Relay, type RelayOptions } from '../../admin-api/src/relay/relay.ts';
import { startTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

const logger = createLogger('silent');

/** A channel whose answers the test decides; it records every call. */
function programmable(answer: (row: OutboxRow, call: number) => DeliveryResult | Promise<DeliveryResult>) {
  const calls: Array<{ id: string; at: number; attempt: number }> = [];
  const channel: Channel = {
    async deliver(row) {
      calls.push({ id: row.id, at: Date.now(), attempt: row.attempts + 1 });
      return answer(row, calls.filter((c) => c.id === row.id).length);
    },
  };
  return { channel, calls };
}

describe('outbox relay', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const relays: Relay[] = [];

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 20 });
  });
  after(async () => {
    await Promise.all(relays.map((r) => r.stop(1000)));
    await pool.end();
    await database.drop();
  });
  beforeEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop(1000)));
    await pool.query('DELETE FROM outbox');
  });

  const fast: Partial<RelayOptions> = {
    pollIntervalMs: 50,
    backoff: { baseMs: 1, capMs: 20 },
  };
  function relay(channel: Channel, options: Partial<RelayOptions> = {}) {
    const r = startRelay({ pool, logger, channels: { n8n: channel }, options: { ...fast, ...options } });
    relays.push(r);
    return r;
  }
  async function insertRows(n: number, extra: { max_attempts?: number; target?: string } = {}) {
    const result = await pool.query<{ id: string }>(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, max_attempts)
       SELECT 'test.thing', 'n8n', $2, jsonb_build_object('n', g), 'key-' || gen_random_uuid(), $3
         FROM generate_series(1, $1) g RETURNING id`,
      [n, extra.target ?? null, extra.max_attempts ?? 10],
    );
    return result.rows.map((r) => r.id);
  }
  const row = async (id: string) => (await pool.query('SELECT * FROM outbox WHERE id = $1', [id])).rows[0];
  const attempts = async (id: string) =>
    (await pool.query('SELECT * FROM delivery_attempts WHERE outbox_id = $1 ORDER BY started_at', [id])).rows;
  async function until(check: () => Promise<boolean>, ms = 5000) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const countStatus = async (status: string) =>
    Number((await pool.query('SELECT count(*) FROM outbox WHERE status = $1', [status])).rows[0].count);

  it('delivers due rows and records each attempt', async () => {
    const { channel, calls } = programmable(() => ({ outcome: 'delivered', statusCode: 200, detail: 'ok' }));
    const [id] = await insertRows(1);
    relay(channel);
    await until(async () => (await row(id!)).status === 'delivered');
    const r = await row(id!);
    assert.equal(r.attempts, 1);
    assert.ok(r.delivered_at);
    assert.equal(r.locked_by, null);
    const [a] = await attempts(id!);
    assert.equal(a.outcome, 'delivered');
    assert.equal(a.status_code, 200);
    assert.equal(a.response_excerpt, 'ok');
    assert.ok(a.finished_at && a.duration_ms >= 0);
    assert.equal(calls.length, 1);
  });

  it('retries with backoff, honours Retry-After, and goes dead after max attempts', async () => {
    const { channel, calls } = programmable(() => ({ outcome: 'retry', statusCode: 503, error: 'unavailable' }));
    const [id] = await insertRows(1, { max_attempts: 3 });
    relay(channel);
    await until(async () => (await row(id!)).status === 'dead');
    assert.equal(calls.length, 3);
    assert.deepEqual(
      (await attempts(id!)).map((a) => [a.attempt, a.outcome, a.status_code]),
      [
        [1, 'failed', 503],
        [2, 'failed', 503],
        [3, 'failed', 503],
      ],
    );
    assert.equal((await row(id!)).last_error, 'unavailable');

    await pool.query('DELETE FROM outbox');
    const retryAfter = programmable((_r, n) =>
      n === 1 ? { outcome: 'retry', statusCode: 429, error: 'slow down', retryAfterMs: 700 } : { outcome: 'delivered' },
    );
    await Promise.all(relays.splice(0).map((r) => r.stop(1000)));
    const [later] = await insertRows(1);
    relay(retryAfter.channel);
    await until(async () => (await row(later!)).status === 'delivered', 5000);
    const [first, second] = retryAfter.calls;
    assert.ok(second!.at - first!.at >= 650, `waited ${second!.at - first!.at} ms for Retry-After 700 ms`);
    assert.equal((await attempts(later!))[0].retry_after_ms, 700);
  });

  it('sends permanent failures to dead at once and cancels rows whose target is gone', async () => {
    const { channel } = programmable((r) =>
      (r.payload as { n: number }).n === 1
        ? { outcome: 'failed', statusCode: 400, error: 'bad request' }
        : { outcome: 'gone', statusCode: 410, error: 'gone' },
    );
    const [bad, gone] = await insertRows(2);
    relay(channel);
    await until(async () => (await row(bad!)).status === 'dead' && (await row(gone!)).status === 'cancelled');
    assert.equal((await row(bad!)).attempts, 1);
    assert.equal((await attempts(gone!))[0].outcome, 'cancelled');
  });

  it('discards the result of a relay whose lease was taken over', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    // The first call hangs until released; any later one (the row taken over) succeeds.
    const slow = programmable(async (_row, n) => {
      if (n > 1) return { outcome: 'delivered' };
      await stuck;
      return { outcome: 'failed', error: 'late answer from the first relay' };
    });
    const [id] = await insertRows(1);
    relay(slow.channel, { leaseMs: 200 });
    await until(async () => slow.calls.length === 1);
    // The lease runs out; the row is reclaimed and delivered (by this or a second relay).
    const second = programmable(() => ({ outcome: 'delivered' }));
    relay(second.channel, { leaseMs: 60_000 });
    await until(async () => (await row(id!)).status === 'delivered');
    release();
    await until(async () => (await attempts(id!)).every((a) => a.finished_at !== null));
    const r = await row(id!);
    assert.equal(r.status, 'delivered', 'the late answer did not overwrite the newer outcome');
    const outcomes = (await attempts(id!)).map((a) => a.outcome).sort();
    assert.ok(outcomes.includes('delivered'));
    assert.ok(
      outcomes.some((o) => o === 'lease_lost' || o === 'abandoned'),
      outcomes.join(','),
    );
  });

  it('marks a row dead that was started three times without finishing (poison)', async () => {
    const [id] = await insertRows(1);
    await pool.query(
      `UPDATE outbox SET status = 'in_flight', starts = 3, attempts = 0, locked_by = 'crashed', locked_until = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const { channel, calls } = programmable(() => ({ outcome: 'delivered' }));
    relay(channel);
    await until(async () => (await row(id!)).status === 'dead');
    assert.match((await row(id!)).last_error, /poison/);
    assert.equal(calls.length, 0);
  });

  it('wakes on NOTIFY instead of waiting for the poll', async () => {
    const listener = createListener(database.url, logger);
    const { channel } = programmable(() => ({ outcome: 'delivered' }));
    const r = startRelay({ pool, listener, logger, channels: { n8n: channel }, options: { pollIntervalMs: 60_000 } });
    relays.push(r);
    try {
      await until(async () => listener.healthy);
      await new Promise((res) => setTimeout(res, 100));
      const started = Date.now();
      const [id] = await insertRows(1);
      await until(async () => (await row(id!)).status === 'delivered', 3000);
      assert.ok(Date.now() - started < 1500, 'delivered long before the 60 s poll');
    } finally {
      await r.stop(1000);
      await listener.close();
    }
  });

  it('keeps per-target rate limits, handing rows back instead of holding them', async () => {
    const { channel, calls } = programmable(() => ({ outcome: 'delivered' }));
    channel.limits = { perTargetPerSecond: 4, targetOf: (r) => r.target };
    await insertRows(6, { target: 'chat-1' });
    relay(channel, { maxRateWaitMs: 300 });
    await until(async () => (await countStatus('delivered')) === 6, 8000);
    const times = calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i]! - times[i - 1]! >= 200, `gap ${times[i]! - times[i - 1]!} ms between sends to one chat`);
    }
  });

  it('lets two relays share the work without delivering a row twice', async () => {
    const seen = new Map<string, number>();
    const make = () =>
      programmable((r) => {
        seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
        return { outcome: 'delivered' };
      });
    await insertRows(2000);
    const a = relay(make().channel, { concurrency: 16, batchSize: 50 });
    const b = relay(make().channel, { concurrency: 16, batchSize: 50 });
    await until(async () => (await countStatus('delivered')) === 2000, 30_000);
    assert.equal(seen.size, 2000);
    assert.ok(
      [...seen.values()].every((n) => n === 1),
      'no row delivered twice',
    );
    assert.ok(a.stats.delivered > 0 && b.stats.delivered > 0, `${a.stats.delivered} / ${b.stats.delivered}`);
  });

  describe('outbox API', () => {
    it('lists rows and attempts, retries dead rows one by one and in bulk, purges old delivered rows', async () => {
      // No relay of the earlier tests may pick up the retried rows.
      await Promise.all(relays.splice(0).map((r) => r.stop(1000)));
      await pool.query('DELETE FROM outbox');
      const api = await startTestApi(database.url);
      try {
        const admin = (await createApiKey(pool, { name: 'ops', scopes: ['admin'] })).key;
        const { channel } = programmable(() => ({ outcome: 'failed', statusCode: 400, error: 'nope' }));
        const ids = await insertRows(3);
        const r = relay(channel);
        await until(async () => (await countStatus('dead')) === 3);
        await r.stop(1000);
        const list = await request(api.url, 'GET', `/api/v1/outbox?filter=${encodeURIComponent('{"status":"dead"}')}`, {
          token: admin,
        });
        assert.equal(list.status, 200, list.text);
        assert.equal(list.body.length, 3);
        const tries = await request(api.url, 'GET', `/api/v1/outbox/${ids[0]}/attempts`, { token: admin });
        assert.equal(tries.body[0].error, 'nope');
        const one = await request(api.url, 'POST', `/api/v1/outbox/${ids[0]}/retry`, { token: admin });
        assert.equal(one.status, 200, one.text);
        assert.equal(one.body.status, 'pending');
        assert.equal(one.body.attempts, 0);
        const again = await request(api.url, 'POST', `/api/v1/outbox/${ids[0]}/retry`, { token: admin });
        assert.equal(again.status, 409);
        const bulk = await request(api.url, 'POST', '/api/v1/outbox/retry', {
          token: admin,
          body: { event_type: 'test.thing' },
        });
        assert.deepEqual(bulk.body.retried, 2);
        const empty = await request(api.url, 'POST', '/api/v1/outbox/retry', { token: admin, body: {} });
        assert.equal(empty.status, 400);
        await pool.query(`UPDATE outbox SET status = 'delivered', delivered_at = now() - interval '40 days'`);
        const dry = await request(api.url, 'POST', '/api/v1/outbox/purge', {
          token: admin,
          body: { older_than_days: 30, dry_run: true },
        });
        assert.deepEqual(dry.body, { purged: 3, dry_run: true });
        const purged = await request(api.url, 'POST', '/api/v1/outbox/purge', {
          token: admin,
          body: { older_than_days: 30 },
        });
        assert.equal(purged.body.purged, 3);
        assert.equal(await countStatus('delivered'), 0);
        const audit = await pool.query(`SELECT action FROM audit_log WHERE entity = 'outbox' ORDER BY seq`);
        assert.deepEqual(
          audit.rows.map((a) => a.action),
          ['retry', 'bulk_retry', 'purge'],
        );
      } finally {
        await api.close();
      }
    });
  });
});
