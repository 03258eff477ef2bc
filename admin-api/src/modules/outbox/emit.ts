// Emitting a Chronos event (event.created, command.completed, …) = writing one outbox row per
// active subscription that wants it, in the caller's transaction (ARCHITECTURE "The shape":
// the effect is committed with its cause, or not at all). Fan-out happens here, at write
// time, so the relay only ever delivers single rows and a subscription created later does not
// receive history. The message id is shared by all rows of one emission (it is what receivers
// see as the envelope id); each row's idempotency key (sent as `webhook-id`) is message id +
// subscription, so a receiver can dedupe retries of its own copy.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { named } from '../../db/named.ts';

export type ChronosEvent = {
  /** e.g. `event.created`; subscriptions match it exactly, by family (`event.*`) or `*`. */
  type: string;
  /** The thing it is about, for tracing (`event`, uuid). */
  entity?: { kind: string; id: string };
  /** The event's data (the record as the API shows it). */
  data: unknown;
};

export type Emitted = { messageId: string; rows: number };

/** The subscription patterns that match an event type: itself, each family, and `*`. */
export function matchingPatterns(type: string): string[] {
  const parts = type.split('.');
  const patterns = [type, '*'];
  for (let i = 1; i < parts.length; i++) patterns.push(`${parts.slice(0, i).join('.')}.*`);
  return patterns;
}

export async function emitEvent(client: pg.ClientBase, event: ChronosEvent): Promise<Emitted> {
  const messageId = randomUUID();
  const payload = { id: messageId, type: event.type, timestamp: new Date().toISOString(), data: event.data };
  // clock_timestamp(), not now(): several messages of one transaction keep their order.
  const result = await client.query(
    named(
      `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key, entity, entity_id,
                         created_at)
     SELECT $1, 'webhook', s.id, s.url, $2::jsonb, 'msg_' || $3 || '_' || s.id, $4, $5, clock_timestamp()
       FROM subscriptions s
      WHERE s.active AND s.event_types && $6::text[]`,
      [
        event.type,
        JSON.stringify(payload),
        messageId,
        event.entity?.kind ?? null,
        event.entity?.id ?? null,
        matchingPatterns(event.type),
      ],
    ),
  );
  return { messageId, rows: result.rowCount ?? 0 };
}
