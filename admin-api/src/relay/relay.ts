// The outbox relay (ARCHITECTURE "The shape"). Several relays may run at once, in admin-api
// processes or on their own (relay/main.ts); they coordinate only through PostgreSQL:
//   claim   pending, due rows with FOR UPDATE SKIP LOCKED, in batches; the claim sets a lease
//           (locked_by, locked_until) and increments `starts`, which is the lease number, and
//           opens a delivery_attempts row — all in one statement;
//   deliver through the row's channel with bounded concurrency and the channel's rate limits;
//   settle  only WHERE status = 'in_flight' AND starts = <lease number>, so a relay whose lease
//           expired (and whose row another relay took over) cannot overwrite the newer outcome;
//           settles are batched into one statement per round;
//   reclaim in-flight rows whose lease expired go back to pending — or to dead when they were
//           started three times without ever finishing (a poison row that kills its relay).
// It wakes on NOTIFY chronos_outbox (sent at COMMIT of every insert) and polls as a backstop.
// Delivery is at least once; receivers dedupe on the idempotency key (webhook-id).
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Listener } from '../db/listener.ts';
import { named } from '../db/named.ts';
import { holdClient, withTransaction } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { emitDead, type DeadRow } from '../modules/outbox/dead.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.ts';
import type { Channel, Channels, DeliveryResult, OutboxRow } from './channel.ts';
import { ChannelLimiter } from './rate-limiter.ts';

export const OUTBOX_CHANNEL = 'chronos_outbox';

export type RelayOptions = {
  /** Rows claimed per round. */
  batchSize: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  leaseMs: number;
  /** Backstop poll when no notification comes. */
  pollIntervalMs: number;
  deliveryTimeoutMs: number;
  /** Unfinished starts after which a row is poison (dead). */
  poisonStarts: number;
  /** A rate-limit wait longer than this hands the row back (due later) instead of holding it. */
  maxRateWaitMs: number;
  backoff: BackoffOptions;
};

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  batchSize: 200,
  concurrency: 64,
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
  deliveryTimeoutMs: 15_000,
  poisonStarts: 3,
  maxRateWaitMs: 2_000,
  backoff: DEFAULT_BACKOFF,
};

export type RelayStats = {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  cancelled: number;
  leaseLost: number;
  deferred: number;
};

export type Relay = {
  readonly id: string;
  readonly stats: RelayStats;
  /** Look for work now (tests; NOTIFY does this in production). */
  wake(): void;
  /** Stops claiming, lets deliveries in flight finish (bounded by `graceMs`), settles them. */
  stop(graceMs?: number): Promise<void>;
};

type Claimed = OutboxRow & { starts: number; attempt_id: string };

type Settlement = {
  row: Claimed;
  status: 'delivered' | 'pending' | 'dead' | 'cancelled';
  outcome: 'delivered' | 'failed' | 'timeout' | 'cancelled';
  delayMs: number;
  result: DeliveryResult;
  durationMs: number;
};

const EXCERPT_MAX = 1_000;
const SETTLE_PARALLEL = 4;
const SETTLE_BATCH = 200;

export function startRelay(input: {
  pool: pg.Pool;
  listener?: Listener;
  logger: Logger;
  channels: Channels;
  options?: Partial<RelayOptions>;
  id?: string;
}): Relay {
  const { pool, logger, channels } = input;
  const options: RelayOptions = { ...DEFAULT_RELAY_OPTIONS, ...input.options };
  const id = input.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const stats: RelayStats = { claimed: 0, delivered: 0, retried: 0, dead: 0, cancelled: 0, leaseLost: 0, deferred: 0 };
  const limiters = new Map<Channel, ChannelLimiter>();
  const limiterOf = (channel: Channel) => {
    if (!channel.limits) return undefined;
    let limiter = limiters.get(channel);
    if (!limiter) limiters.set(channel, (limiter = new ChannelLimiter(channel.limits)));
    return limiter;
  };

  let running = true;
  let inFlight = 0;
  const deliveries = new Set<Promise<void>>();
  const stopController = new AbortController();
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;
  const wake = () => {
    pendingWake = true;
    wakeUp?.();
  };
  input.listener?.on(OUTBOX_CHANNEL, wake);
  input.listener?.onReconnect(wake);

  // ------------------------------------------------------------------------------------------
  // claim / reclaim
  // ------------------------------------------------------------------------------------------

  // outbox_claim (migration 0025) leases, counts the start and opens the attempt in one
  // statement, with its plan pinned to the walk along the due index: a burst of rows would
  // otherwise, with statistics from before the burst, be sorted in full for every claim.
  const claim = async (limit: number): Promise<Claimed[]> => {
    const result = await pool.query<Claimed>(
      named('SELECT * FROM outbox_claim($1, $2, $3)', [limit, id, options.leaseMs]),
    );
    return result.rows;
  };

  // In one transaction with the outbox.dead events of the rows it declares poison (dead.ts).
  const reclaim = async () => {
    const result = await withTransaction(pool, async (client) => {
      const expired = await client.query<DeadRow & { status: string; last_error: string | null }>(
        `WITH expired AS (
         UPDATE outbox SET
           status = CASE WHEN starts - attempts >= $1 THEN 'dead' ELSE 'pending' END,
           last_error = CASE WHEN starts - attempts >= $1
                             THEN 'poison: started ' || (starts - attempts) || ' times without finishing'
                             ELSE 'lease expired (relay ' || coalesce(locked_by, '?') || ' did not finish)' END,
           locked_by = NULL, locked_until = NULL
         WHERE status = 'in_flight' AND locked_until < now()
         RETURNING id, status, event_type, channel, target, subscription_id, idempotency_key, attempts, last_error,
                   last_status_code),
       closed AS (
         UPDATE delivery_attempts a SET finished_at = now(), outcome = 'abandoned',
                duration_ms = floor(extract(epoch FROM now() - a.started_at) * 1000)::int
           FROM expired WHERE a.outbox_id = expired.id AND a.finished_at IS NULL)
       SELECT id, status, event_type, channel, target, subscription_id, idempotency_key, attempts,
              last_error AS error, last_status_code AS status_code, 'poison' AS reason
         FROM expired`,
        [options.poisonStarts],
      );
      await emitDead(
        client,
        expired.rows.filter((row) => row.status === 'dead'),
      );
      return expired;
    });
    for (const row of result.rows) {
      if (row.status === 'dead')
        logger.warn({ outboxId: row.id }, 'outbox row is poison (never finished); marked dead');
    }
    if (result.rows.length) logger.info({ reclaimed: result.rows.length }, 'outbox leases expired; rows reclaimed');
  };

  // ------------------------------------------------------------------------------------------
  // settle (batched)
  // ------------------------------------------------------------------------------------------

  // Settles run in parallel (up to SETTLE_PARALLEL transactions; their rows are disjoint), each
  // covering whatever finished meanwhile: under load batches grow instead of queueing up.
  let settleQueue: Settlement[] = [];
  const settles = new Set<Promise<void>>();
  let settleTimer: NodeJS.Timeout | undefined;

  const flushSettlements = () => {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = undefined;
    if (settleQueue.length === 0 || settles.size >= SETTLE_PARALLEL) return;
    const batch = settleQueue;
    settleQueue = [];
    const p = writeSettlements(batch)
      .catch((error: Error) => {
        // The rows stay in flight; their leases expire and another round reclaims them.
        logger.error({ err: { message: error.message }, rows: batch.length }, 'could not settle outbox rows');
      })
      .finally(() => {
        settles.delete(p);
        if (settleQueue.length) flushSettlements();
      });
    settles.add(p);
  };

  const queueSettlement = (s: Settlement) => {
    settleQueue.push(s);
    if (settleQueue.length >= SETTLE_BATCH) flushSettlements();
    else settleTimer ??= setTimeout(flushSettlements, 2);
  };

  const drainSettlements = async () => {
    while (settleQueue.length || settles.size) {
      flushSettlements();
      await Promise.allSettled([...settles]);
    }
  };

  const writeSettlements = async (batch: Settlement[]) => {
    const hooks = batch.filter((s) => channels[s.row.channel]?.settled || channels[s.row.channel]?.settledBatch);
    const client = await pool.connect();
    let broken: Error | undefined;
    const release = holdClient(client, (error) => (broken = error));
    try {
      await client.query('BEGIN');
      const settled = await client.query<{ id: string }>(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::int[])
             AS t(id, lease, status, delay_ms, error, status_code))
         UPDATE outbox o SET
           status = input.status,
           attempts = o.attempts + 1,
           available_at = CASE WHEN input.status = 'pending'
                               THEN now() + make_interval(secs => input.delay_ms::double precision / 1000)
                               ELSE o.available_at END,
           delivered_at = CASE WHEN input.status = 'delivered' THEN now() END,
           locked_by = NULL, locked_until = NULL,
           last_error = input.error, last_status_code = input.status_code
         FROM input
         WHERE o.id = input.id AND o.status = 'in_flight' AND o.starts = input.lease
         RETURNING o.id`,
        [
          batch.map((s) => s.row.id),
          batch.map((s) => s.row.starts),
          batch.map((s) => s.status),
          batch.map((s) => Math.round(s.delayMs)),
          batch.map((s) => ('error' in s.result ? s.result.error.slice(0, 2000) : null)),
          batch.map((s) => s.result.statusCode ?? null),
        ],
      );
      const won = new Set(settled.rows.map((r) => r.id));
      await emitDead(
        client,
        batch
          .filter((s) => s.status === 'dead' && won.has(s.row.id))
          .map((s) => ({
            id: s.row.id,
            event_type: s.row.event_type,
            channel: s.row.channel,
            target: s.row.target,
            subscription_id: s.row.subscription_id,
            idempotency_key: s.row.idempotency_key,
            attempts: s.row.attempts + 1,
            error: 'error' in s.result ? s.result.error.slice(0, 2000) : null,
            status_code: s.result.statusCode ?? null,
            reason: s.result.outcome === 'failed' ? 'failed' : 'max_attempts',
          })),
      );
      await client.query(
        `UPDATE delivery_attempts a SET finished_at = now(), duration_ms = t.duration_ms, outcome = t.outcome,
                status_code = t.status_code, error = t.error, response_excerpt = t.excerpt, retry_after_ms = t.retry_after_ms
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[])
                AS t(id, duration_ms, outcome, status_code, error, excerpt, retry_after_ms)
          WHERE a.id = t.id`,
        [
          batch.map((s) => s.row.attempt_id),
          batch.map((s) => Math.round(s.durationMs)),
          batch.map((s) => (won.has(s.row.id) ? s.outcome : 'lease_lost')),
          batch.map((s) => s.result.statusCode ?? null),
          batch.map((s) => ('error' in s.result ? s.result.error.slice(0, 2000) : null)),
          batch.map((s) => s.result.detail?.slice(0, EXCERPT_MAX) ?? null),
          batch.map((s) =>
            'retryAfterMs' in s.result && s.result.retryAfterMs !== undefined
              ? Math.round(s.result.retryAfterMs)
              : null,
          ),
        ],
      );
      // Channel hooks, per channel: the batch form when the channel has one.
      const byChannel = new Map<Channel, Settlement[]>();
      for (const s of hooks) {
        if (!won.has(s.row.id)) continue;
        const channel = channels[s.row.channel]!;
        byChannel.set(channel, [...(byChannel.get(channel) ?? []), s]);
      }
      for (const [channel, items] of byChannel) {
        if (channel.settledBatch) {
          await channel.settledBatch(
            client,
            items.map((s) => ({ row: s.row, result: s.result, final: s.status !== 'pending' })),
          );
        } else {
          for (const s of items) await channel.settled!(client, s.row, s.result, s.status !== 'pending');
        }
      }
      await client.query('COMMIT');
      for (const s of batch) {
        if (!won.has(s.row.id)) stats.leaseLost++;
        else if (s.status === 'delivered') stats.delivered++;
        else if (s.status === 'pending') stats.retried++;
        else if (s.status === 'dead') stats.dead++;
        else stats.cancelled++;
      }
      if (won.size < batch.length)
        logger.warn({ lost: batch.length - won.size }, 'outbox leases lost before settling; results discarded');
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      release();
      client.release(broken);
    }
  };

  /** Hands a row back without counting an attempt (rate limit wait too long). */
  const defer = async (row: Claimed, delayMs: number) => {
    await pool.query(
      `WITH back AS (
         UPDATE outbox SET status = 'pending', starts = starts - 1, locked_by = NULL, locked_until = NULL,
                available_at = now() + make_interval(secs => $3::double precision / 1000)
          WHERE id = $1 AND status = 'in_flight' AND starts = $2 RETURNING id)
       DELETE FROM delivery_attempts WHERE id = $4 AND EXISTS (SELECT 1 FROM back)`,
      [row.id, row.starts, delayMs, row.attempt_id],
    );
    stats.deferred++;
  };

  // ------------------------------------------------------------------------------------------
  // deliver
  // ------------------------------------------------------------------------------------------

  const settlementOf = (row: Claimed, result: DeliveryResult, timedOut: boolean, durationMs: number): Settlement => {
    const attempt = row.attempts + 1;
    switch (result.outcome) {
      case 'delivered':
        return { row, status: 'delivered', outcome: 'delivered', delayMs: 0, result, durationMs };
      case 'gone':
        return { row, status: 'cancelled', outcome: 'cancelled', delayMs: 0, result, durationMs };
      case 'failed':
        return { row, status: 'dead', outcome: 'failed', delayMs: 0, result, durationMs };
      case 'retry': {
        const last = attempt >= row.max_attempts;
        return {
          row,
          status: last ? 'dead' : 'pending',
          outcome: timedOut ? 'timeout' : 'failed',
          delayMs: last ? 0 : retryDelayMs(attempt, result.retryAfterMs, options.backoff),
          result,
          durationMs,
        };
      }
    }
  };

  const deliver = async (row: Claimed) => {
    const channel = channels[row.channel];
    if (!channel) {
      queueSettlement(
        settlementOf(row, { outcome: 'retry', error: `no ${row.channel} channel in this relay` }, false, 0),
      );
      return;
    }
    const limiter = limiterOf(channel);
    if (limiter) {
      const reservation = limiter.reserve(channel.limits?.targetOf?.(row) ?? null);
      if (reservation.waitMs > options.maxRateWaitMs) {
        reservation.cancel();
        await defer(row, reservation.waitMs);
        return;
      }
      if (reservation.waitMs > 0) await new Promise((r) => setTimeout(r, reservation.waitMs));
    }
    const started = performance.now();
    const timeout = AbortSignal.timeout(options.deliveryTimeoutMs);
    const signal = AbortSignal.any([timeout, stopController.signal]);
    let result: DeliveryResult;
    try {
      result = await channel.deliver(row, signal);
    } catch (error) {
      result = { outcome: 'retry', error: (error as Error).message || String(error) };
    }
    queueSettlement(settlementOf(row, result, timeout.aborted, performance.now() - started));
  };

  const track = (row: Claimed) => {
    inFlight++;
    const p = deliver(row)
      .catch((error: Error) => logger.error({ err: { message: error.message }, outboxId: row.id }, 'delivery crashed'))
      .finally(() => {
        inFlight--;
        deliveries.delete(p);
        wakeUp?.();
      });
    deliveries.add(p);
  };

  // ------------------------------------------------------------------------------------------
  // the loop
  // ------------------------------------------------------------------------------------------

  let lastReclaim = 0;
  const loop = async () => {
    while (running) {
      try {
        if (Date.now() - lastReclaim >= options.pollIntervalMs) {
          lastReclaim = Date.now();
          await reclaim();
        }
        const free = options.concurrency - inFlight;
        if (free > 0) {
          pendingWake = false;
          const rows = await claim(Math.min(free, options.batchSize));
          stats.claimed += rows.length;
          for (const row of rows) track(row);
          // A full batch means more may be due: go again at once.
          if (rows.length === Math.min(free, options.batchSize)) continue;
        }
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'relay round failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(options.pollIntervalMs, 500)));
      }
      if (!running) break;
      if (pendingWake && inFlight < options.concurrency) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, options.pollIntervalMs);
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = done;
      });
    }
  };
  const looping = loop();

  return {
    id,
    stats,
    wake,
    async stop(graceMs = 10_000) {
      running = false;
      wakeUp?.();
      await looping;
      const grace = setTimeout(() => stopController.abort(), graceMs);
      // A channel that ignores the abort is not waited for beyond the grace: its row's lease
      // expires and another relay takes it over.
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...deliveries]),
        new Promise((r) => (giveUp = setTimeout(r, graceMs + 1_000))),
      ]);
      clearTimeout(giveUp);
      clearTimeout(grace);
      await drainSettlements();
      await Promise.allSettled(Object.values(channels).map((c) => c?.close?.()));
    },
  };
}
