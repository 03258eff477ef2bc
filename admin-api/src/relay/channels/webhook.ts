// The webhook channel: delivers an outbox row to its subscription's URL as a Standard Webhooks
// message — body JSON.stringify(payload), signed with the subscription's secret, webhook-id =
// the row's idempotency key (stable across retries, so receivers can dedupe), a fresh
// timestamp and signature per attempt.
//
// Outcomes: 2xx delivered; 410 gone (and the subscription is switched off); 408, 409, 425, 429,
// 5xx, network errors and timeouts retry (Retry-After honoured); other answers (4xx, and 3xx:
// redirects are not followed, a signed message must not be forwarded elsewhere) fail at once.
// A row whose subscription was deleted or switched off is `gone` (the relay cancels it).
//
// `settled` keeps the subscription's delivery statistics. It runs inside the relay's settle
// transaction, for a batch of rows in arbitrary order, possibly in several relays at once —
// so it never waits for a subscription row another transaction holds (SKIP LOCKED): the
// statistics are best effort under contention, and a skipped 410 switch-off happens on the
// next 410. Never waiting also keeps it out of lock cycles with API transactions.
import type { KeyObject } from 'node:crypto';
import type pg from 'pg';
import { signatureHeaders, signingKey } from '../../../../shared/standard-webhooks.ts';
import { VERSION } from '../../context.ts';
import { appendAudit } from '../../modules/audit/repo.ts';
import * as subscriptions from '../../modules/subscriptions/repo.ts';
import { deliveryTarget, type DeliveryTarget } from '../../modules/subscriptions/service.ts';
import type { Channel, DeliveryResult, OutboxRow } from '../channel.ts';
import { postJson, type PostResult } from './http-post.ts';

export type WebhookChannelOptions = {
  /** How long a subscription's url/state/secret is reused between deliveries (0 = never). */
  targetTtlMs?: number;
  /** Per-request timeout (the relay's own deadline applies too). */
  timeoutMs?: number;
  userAgent?: string;
  /** The clock for signatures (tests). */
  now?: () => Date;
};

const EXCERPT_CHARS = 1000;
const RETRY_STATUSES = new Set([408, 409, 425, 429]);

/** Retry-After as milliseconds: delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

function networkError(error: unknown): string {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  const cause = e.code ?? e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message}: ${cause}` : e.message || String(error);
}

export function resultOf(status: number, excerpt: string | undefined, retryAfter: string | null): DeliveryResult {
  const detail = excerpt;
  if (status >= 200 && status < 300) return { outcome: 'delivered', statusCode: status, detail };
  if (status === 410) return { outcome: 'gone', statusCode: status, error: 'the receiver answered 410 Gone', detail };
  if (RETRY_STATUSES.has(status) || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return {
      outcome: 'retry',
      statusCode: status,
      error: `the receiver answered ${status}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      detail,
    };
  }
  const why = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return { outcome: 'failed', statusCode: status, error: `the receiver answered ${status}${why}`, detail };
}

const TARGET_TTL_MS = 2_000;

/** A delivery target whose secret, when it has one, comes prepared for signing. */
type SigningTarget =
  | Exclude<DeliveryTarget, { secret: string }>
  | (Extract<DeliveryTarget, { secret: string }> & { key: KeyObject });

export function webhookChannel(pool: pg.Pool, encryptionKey: Buffer, options: WebhookChannelOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const userAgent = options.userAgent ?? `Chronos-Webhooks/${VERSION}`;
  const now = options.now ?? (() => new Date());
  // Subscription targets (url, state, decrypted secret prepared for signing) for a moment: a
  // burst of deliveries to one receiver costs one lookup, one decryption and one key, not one
  // per row. A change (switch-off, secret rotation) reaches the deliveries within
  // TARGET_TTL_MS; a 410 evicts at once.
  const targets = new Map<string, { target: Promise<SigningTarget>; until: number }>();
  const ttlMs = options.targetTtlMs ?? TARGET_TTL_MS;
  const load = (id: string): Promise<SigningTarget> =>
    deliveryTarget(pool, encryptionKey, id).then((target) =>
      target.found && target.secret !== undefined ? { ...target, key: signingKey(target.secret) } : target,
    );
  const targetOf = (id: string) => {
    if (ttlMs === 0) return load(id);
    const cached = targets.get(id);
    if (cached && cached.until > Date.now()) return cached.target;
    const target = load(id);
    if (targets.size > 10_000) targets.clear();
    targets.set(id, { target, until: Date.now() + ttlMs });
    target.catch(() => targets.delete(id));
    return target;
  };

  async function deliver(row: OutboxRow, signal: AbortSignal): Promise<DeliveryResult> {
    if (!row.subscription_id) return { outcome: 'gone', error: 'the subscription was deleted' };
    const target = await targetOf(row.subscription_id);
    if (!target.found) return { outcome: 'gone', error: 'the subscription was deleted' };
    if (!target.active) return { outcome: 'gone', error: 'the subscription is switched off' };
    if (target.secret === undefined) return { outcome: 'failed', error: target.error };

    const body = JSON.stringify(row.payload);
    const timeout = AbortSignal.timeout(timeoutMs);
    let answer: PostResult;
    try {
      answer = await postJson(
        target.url,
        {
          ...signatureHeaders(target.key, row.idempotency_key, body, now()),
          'content-type': 'application/json',
          'user-agent': userAgent,
        },
        body,
        AbortSignal.any([signal, timeout]),
      );
    } catch (error) {
      if (timeout.aborted) return { outcome: 'retry', error: `no answer within ${timeoutMs} ms` };
      if (signal.aborted) return { outcome: 'retry', error: 'delivery aborted (relay deadline or shutdown)' };
      return { outcome: 'retry', error: `could not reach the receiver: ${networkError(error)}` };
    }
    const excerpt = answer.excerpt?.slice(0, EXCERPT_CHARS);
    return resultOf(answer.status, excerpt, answer.retryAfter);
  }

  async function settled(client: pg.ClientBase, row: OutboxRow, result: DeliveryResult): Promise<void> {
    const id = row.subscription_id;
    if (!id) return;
    if (result.outcome === 'delivered') await subscriptions.recordSuccess(client, id);
    else if (result.outcome === 'retry' || result.outcome === 'failed') await subscriptions.recordFailure(client, id);
    else if (result.statusCode === 410) {
      targets.delete(id);
      const reason = `the receiver answered 410 Gone on ${new Date().toISOString()}`;
      const config = await subscriptions.disable(client, id, reason);
      // Audited like a change made through the API (the one change the system makes by itself).
      if (config)
        await appendAudit(client, {
          actorType: 'system',
          actorId: 'relay',
          actorLabel: 'webhook delivery',
          entity: 'subscription',
          entityId: id,
          action: 'disable',
          oldValue: { ...config, active: true, disabled_reason: null },
          newValue: { ...config, active: false, disabled_reason: reason },
          details: { outbox_id: row.id },
        });
    }
  }

  /** Counters once per subscription and batch (a burst to one receiver is one UPDATE). */
  async function settledBatch(
    client: pg.ClientBase,
    items: Array<{ row: OutboxRow; result: DeliveryResult }>,
  ): Promise<void> {
    const successes = new Set<string>();
    const failures = new Map<string, number>();
    for (const { row, result } of items) {
      const id = row.subscription_id;
      if (!id) continue;
      if (result.outcome === 'delivered') successes.add(id);
      else if (result.outcome === 'retry' || result.outcome === 'failed') failures.set(id, (failures.get(id) ?? 0) + 1);
      else await settled(client, row, result);
    }
    for (const id of successes) await subscriptions.recordSuccess(client, id);
    for (const [id, n] of failures) await subscriptions.recordFailure(client, id, n);
  }

  return { deliver, settled, settledBatch };
}
