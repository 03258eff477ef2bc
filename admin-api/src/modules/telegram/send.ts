// POST /api/v1/telegram/messages: a workflow (or any integrations.manage caller) queues one
// Telegram message through the outbox (outbox.ts, the same path as the bot's own replies) and
// may wait for the relay's outcome, as POST /api/v1/mail does for mail.
//
// The outbox row is the delivery record: pending/in_flight → queued, delivered → delivered,
// dead/cancelled → failed (with the relay's last error). Telegram's message_id comes from the
// delivering attempt's excerpt (`message_id=…`, relay/channels/telegram.ts).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { queueTelegramMessage, type TelegramMessage } from './outbox.ts';
import type { SendTelegramInput, TelegramMessageDto } from './schemas.ts';

/** Caller keys live in their own namespace of outbox keys (the bot uses telegram_reply_…). */
const outboxKeyOf = (key: string) => `telegram_api_${key}`;

type MessageRow = {
  id: string;
  idempotency_key: string;
  target: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  excerpt: string | null;
};

const SELECT = `SELECT o.id, o.idempotency_key, o.target, o.status, o.attempts, o.last_error, o.created_at, o.delivered_at,
         (SELECT a.response_excerpt FROM delivery_attempts a
           WHERE a.outbox_id = o.id AND a.outcome = 'delivered' ORDER BY a.started_at DESC LIMIT 1) AS excerpt
    FROM outbox o`;

const STATUS_OF: Record<string, TelegramMessageDto['status']> = {
  pending: 'queued',
  in_flight: 'queued',
  delivered: 'delivered',
  dead: 'failed',
  cancelled: 'failed',
};

function toDto(row: MessageRow, callerKey: string): TelegramMessageDto {
  const status = STATUS_OF[row.status] ?? 'queued';
  const messageId = /message_id=(\d+)/.exec(row.excerpt ?? '')?.[1];
  return {
    outbox_id: row.id,
    idempotency_key: callerKey,
    chat_id: row.target ?? '',
    status,
    // A queued message may carry the error of a failed attempt it will retry.
    error: status === 'delivered' ? null : row.last_error,
    attempts: row.attempts,
    message_id: messageId ? Number(messageId) : null,
    created_at: row.created_at.toISOString(),
    delivered_at: row.delivered_at ? row.delivered_at.toISOString() : null,
  };
}

export const isFinished = (status: TelegramMessageDto['status']) => status !== 'queued';

async function byOutboxKey(db: Pick<pg.Pool, 'query'> | pg.ClientBase, callerKey: string) {
  const row = (await db.query<MessageRow>(`${SELECT} WHERE o.idempotency_key = $1`, [outboxKeyOf(callerKey)])).rows[0];
  return row && toDto(row, callerKey);
}

async function byId(pool: pg.Pool, id: string, callerKey: string): Promise<TelegramMessageDto> {
  const row = (await pool.query<MessageRow>(`${SELECT} WHERE o.id = $1`, [id])).rows[0];
  if (!row) throw notFound(`no Telegram message with outbox id ${id}`);
  return toDto(row, callerKey);
}

export type QueuedTelegram = { message: TelegramMessageDto; created: boolean };

export async function queue(pool: pg.Pool, input: SendTelegramInput, actor: AuditActor): Promise<QueuedTelegram> {
  const key = input.idempotency_key ?? randomUUID();
  // A known key answers before anything is rendered: the first request decided.
  const known = await byOutboxKey(pool, key);
  if (known) return { message: known, created: false };
  const options = {
    chat_id: input.chat_id,
    ...(input.parse_mode ? { parse_mode: input.parse_mode } : {}),
    ...(input.disable_notification !== undefined ? { disable_notification: input.disable_notification } : {}),
    ...(input.reply_to_message_id ? { reply_to_message_id: input.reply_to_message_id } : {}),
  };
  const message: TelegramMessage = input.template_id
    ? { ...options, template_id: input.template_id, variables: input.variables ?? {} }
    : { ...options, text: input.text! };

  return withTransaction(pool, async (client) => {
    const queued = await queueTelegramMessage(client, message, {
      idempotencyKey: outboxKeyOf(key),
      usedBy: actor.actorLabel ?? null,
    });
    if (!queued.outbox_id) {
      // A concurrent request with the same key won the insert (and has committed).
      const first = await byOutboxKey(client, key);
      if (!first) throw new Error(`Telegram message with idempotency key ${key} vanished`);
      return { message: first, created: false };
    }
    // The audit row names the message, not its text.
    await appendAudit(client, {
      ...actor,
      entity: 'telegram_message',
      entityId: queued.outbox_id,
      action: 'create',
      newValue: {
        chat_id: String(queued.payload.chat_id),
        template_id: input.template_id ?? null,
        length: queued.payload.text.length,
        idempotency_key: key,
      },
    });
    return { message: (await byOutboxKey(client, key))!, created: true };
  });
}

/**
 * Polls the outbox row every `intervalMs` until it is delivered or failed, `timeoutMs` passed,
 * or `signal` aborts (the caller went away). Returns the message as it is then.
 */
export async function waitForOutcome(
  pool: pg.Pool,
  message: TelegramMessageDto,
  options: { timeoutMs: number; signal?: AbortSignal; intervalMs?: number },
): Promise<TelegramMessageDto> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  let current = message;
  while (Date.now() < deadline && !options.signal?.aborted) {
    current = await byId(pool, message.outbox_id, message.idempotency_key);
    if (isFinished(current.status)) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
  return byId(pool, message.outbox_id, message.idempotency_key);
}
