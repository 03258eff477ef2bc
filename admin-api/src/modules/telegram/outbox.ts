// Queueing a Telegram message = writing one outbox row (channel 'telegram', event_type
// 'telegram.send') in the caller's transaction; the relay sends it through
// relay/channels/telegram.ts. The bot's replies, notifications and the n8n node all queue
// this way, so a message is sent if and only if its cause commits.
//
// A message is either literal text or a template (type `event`, its text body) rendered here,
// at queue time, with strict variables: the row then holds exactly the text that will be sent,
// and a template edited later does not change messages already queued.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from '../../openapi/zod.ts';
import { HttpProblem } from '../../http/problem.ts';
import { recordUsage } from '../templates/repo.ts';
import { getOrThrow, renderTemplate } from '../templates/service.ts';

/** Telegram's own limit for one text message. */
export const MAX_MESSAGE_LENGTH = 4096;

export const chatId = z.union(
  [
    z.number('must be a chat id').int('must be a whole number'),
    z.string().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a chat id or @channelusername'),
  ],
  'must be a chat id or @channelusername',
);

/** What an outbox row of channel 'telegram' carries (and what the channel checks again). */
export const telegramPayload = z.object({
  chat_id: chatId,
  text: z
    .string('is required')
    .min(1, 'is required')
    .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
  parse_mode: z.enum(['HTML', 'MarkdownV2', 'Markdown'], 'must be HTML, MarkdownV2 or Markdown').optional(),
  disable_notification: z.boolean('must be true or false').optional(),
  reply_to_message_id: z.number('must be a message id').int().positive().optional(),
});
export type TelegramPayload = z.infer<typeof telegramPayload>;

export type TelegramMessage = Omit<TelegramPayload, 'text'> &
  ({ text: string } | { template_id: string; variables: Record<string, unknown> });

export type MessageCause = {
  /** Unique per message; a second queue with the same key writes nothing (default: random). */
  idempotencyKey?: string;
  /** What caused the message, for tracing (`event`, uuid). */
  entity?: { kind: string; id: string };
  commandId?: string | null;
  /** Who queued it (template usage records). */
  usedBy?: string | null;
};

export type QueuedMessage = { outbox_id: string | null; idempotency_key: string; payload: TelegramPayload };

async function textOf(client: pg.ClientBase, message: TelegramMessage, cause: MessageCause) {
  if ('text' in message) return message.text;
  if (!z.uuid().safeParse(message.template_id).success)
    throw new HttpProblem(400, 'Bad Request', {
      detail: 'template_id must be a UUID',
      errors: { template_id: 'must be a UUID' },
    });
  const template = await getOrThrow(client, message.template_id);
  const rendered = renderTemplate(template, message.variables);
  if (rendered.missing.length)
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: `missing variables: ${rendered.missing.join(', ')}`,
      errors: Object.fromEntries(rendered.missing.map((m) => [`variables.${m}`, 'is missing'])),
    });
  const text = rendered.body_text ?? rendered.subject;
  if (!text)
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: 'the template has no text body to send',
      errors: { template_id: 'has no text body' },
    });
  await recordUsage(client, { templateId: template.id, usedBy: cause.usedBy ?? null, context: 'telegram.send' });
  return text;
}

/**
 * Writes the outbox row for one message. Throws an HttpProblem (400/422) for a bad message;
 * returns `outbox_id: null` when a row with the same idempotency key already exists.
 */
export async function queueTelegramMessage(
  client: pg.ClientBase,
  message: TelegramMessage,
  cause: MessageCause = {},
): Promise<QueuedMessage> {
  const {
    template_id: _t,
    variables: _v,
    ...rest
  } = message as TelegramMessage & {
    template_id?: string;
    variables?: unknown;
  };
  const parsed = telegramPayload.safeParse({ ...rest, text: await textOf(client, message, cause) });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'root', i.message]));
    throw new HttpProblem(400, 'Bad Request', { detail: 'the Telegram message is invalid', errors });
  }
  const payload = parsed.data;
  const key = cause.idempotencyKey ?? `telegram_${randomUUID()}`;
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, entity, entity_id, command_id)
     VALUES ('telegram.send', 'telegram', $1, $2::jsonb, $3, $4, $5, $6)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [
      String(payload.chat_id),
      JSON.stringify(payload),
      key,
      cause.entity?.kind ?? null,
      cause.entity?.id ?? null,
      cause.commandId ?? null,
    ],
  );
  return { outbox_id: inserted.rows[0]?.id ?? null, idempotency_key: key, payload };
}
