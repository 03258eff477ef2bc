// The contract between the relay and the channels it delivers through (webhook, mail,
// telegram, n8n). The relay claims outbox rows, leases them, calls the row's channel, records
// the attempt and settles the row from the result; a channel only performs one delivery and
// says how it went. Channels never touch the outbox row themselves.
import type pg from 'pg';

/** An outbox row as the relay hands it to a channel. */
export type OutboxRow = {
  id: string;
  event_type: string;
  channel: 'webhook' | 'telegram' | 'mail' | 'n8n';
  subscription_id: string | null;
  target: string | null;
  payload: Record<string, unknown>;
  idempotency_key: string;
  /** Finished attempts so far (this one is attempts + 1). */
  attempts: number;
  max_attempts: number;
  created_at: Date;
};

export type DeliveryResult =
  /** Done. `detail` is kept in the attempt's response excerpt (e.g. an SMTP message id). */
  | { outcome: 'delivered'; statusCode?: number; detail?: string }
  /** Try again later (5xx, 429, timeouts, network errors); `retryAfterMs` from Retry-After. */
  | { outcome: 'retry'; statusCode?: number; error: string; retryAfterMs?: number; detail?: string }
  /** Will never work (4xx other than 408/409/425/429, bad payload): the row goes dead at once. */
  | { outcome: 'failed'; statusCode?: number; error: string; detail?: string }
  /** The target is gone (HTTP 410, deleted subscription): the row is cancelled. */
  | { outcome: 'gone'; statusCode?: number; error: string; detail?: string };

export type Channel = {
  /**
   * Performs one delivery. Must not throw for delivery failures (return a result); a throw is
   * treated as `retry` with the error message. Must give up when `signal` aborts (timeout).
   */
  deliver(row: OutboxRow, signal: AbortSignal): Promise<DeliveryResult>;
  /** Rate limits of this channel: overall, and per target (e.g. Telegram per chat). */
  limits?: { perSecond?: number; perTargetPerSecond?: number; targetOf?: (row: OutboxRow) => string | null };
  /** Called by the relay after a row of this channel was settled (e.g. to update a mail log). */
  settled?: (client: pg.ClientBase, row: OutboxRow, result: DeliveryResult, final: boolean) => Promise<void>;
  /**
   * Like `settled`, for all rows of this channel in one settle transaction at once (the relay
   * prefers it when present): lets a channel touch a shared row once per batch, not per row.
   */
  settledBatch?: (
    client: pg.ClientBase,
    items: Array<{ row: OutboxRow; result: DeliveryResult; final: boolean }>,
  ) => Promise<void>;
  /** Releases what the channel holds (connection pools); called when its relay stops. */
  close?: () => void | Promise<void>;
};

export type Channels = Partial<Record<OutboxRow['channel'], Channel>>;
