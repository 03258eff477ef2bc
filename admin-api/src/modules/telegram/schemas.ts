// Shapes of the Telegram endpoints: the part of a Bot API Update the bot reads (everything
// else Telegram sends is ignored), and the webhook configuration routes.
import type { Update } from 'grammy/types';
import { z } from '../../openapi/zod.ts';
import { chatId, MAX_MESSAGE_LENGTH } from './outbox.ts';

const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().max(1000).optional(),
  last_name: z.string().max(1000).optional(),
  username: z.string().max(100).optional(),
  language_code: z.string().max(35).optional(),
});

const chat = z.object({
  id: z.number().int(),
  type: z.string().max(30),
  title: z.string().max(1000).optional(),
  username: z.string().max(100).optional(),
  first_name: z.string().max(1000).optional(),
});

export const incomingMessage = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().max(10_000).optional(),
});

/** A Bot API Update (grammY's `Update` type has the full shape); the bot reads `message`. */
export const updateSchema = z
  .object({
    update_id: z.number('must be a number').int('must be a whole number').min(0).max(Number.MAX_SAFE_INTEGER),
    message: incomingMessage.optional(),
  })
  .openapi('TelegramUpdate', { description: 'A Telegram Bot API Update, as Telegram POSTs it to the webhook' });

export type IncomingUpdate = z.infer<typeof updateSchema>;
/** Compile-time check: every Update as grammY (the Bot API) types it fits what the schema reads. */
const _updateFitsSchema = (update: Update): z.input<typeof updateSchema> => update;
export type IncomingMessage = z.infer<typeof incomingMessage>;

export const webhookAnswer = z
  .object({
    ok: z.literal(true),
    outcome: z.enum(['handled', 'duplicate', 'ignored']).openapi({
      description:
        'handled: processed (effects and reply committed); duplicate: this update_id was handled before; ignored: not a message, a chat that is not allowed, or a command for another bot',
    }),
  })
  .openapi('TelegramWebhookAnswer');

export const setWebhookBody = z
  .object({
    url: z
      .url({ protocol: /^https$/, message: 'must be an https URL (Telegram only calls HTTPS webhooks)' })
      .max(2048, 'must be at most 2048 characters')
      .optional()
      .openapi({
        description: "The public URL of this API's POST /telegram/webhook; default: the telegram setting's webhook_url",
      }),
    drop_pending_updates: z.boolean('must be true or false').default(false),
  })
  .openapi('SetTelegramWebhook');

export const webhookSetSchema = z
  .object({
    url: z.string(),
    allowed_updates: z.array(z.string()),
    bot: z.object({ id: z.number(), username: z.string() }),
    secret_set: z.boolean().openapi({ description: 'A new secret token was generated and stored (never shown)' }),
  })
  .openapi('TelegramWebhookSet');

export const webhookInfoSchema = z
  .object({
    url: z.string().openapi({ description: 'The URL Telegram calls; "" when no webhook is set' }),
    has_custom_certificate: z.boolean(),
    pending_update_count: z.number().int(),
    max_connections: z.number().int().nullable(),
    allowed_updates: z.array(z.string()).nullable(),
    ip_address: z.string().nullable(),
    last_error_date: z.iso.datetime().nullable(),
    last_error_message: z.string().nullable(),
    configured_url: z.string().nullable().openapi({ description: 'webhook_url of the telegram setting' }),
    matches_settings: z.boolean().openapi({ description: 'Telegram calls the configured URL' }),
    secret_set: z.boolean().openapi({ description: 'A webhook secret is stored (inbound updates can be verified)' }),
  })
  .openapi('TelegramWebhookInfo');

export const webhookDeletedSchema = z.object({ deleted: z.literal(true) }).openapi('TelegramWebhookDeleted');

// POST /api/v1/telegram/messages (send.ts): literal text or a template (type `event`, its text
// body rendered strictly at queue time), mixing both refused field by field.
export const sendTelegramBody = z
  .object({
    chat_id: chatId,
    text: z
      .string('must be text')
      .min(1, 'must not be empty')
      .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)
      .nullish(),
    template_id: z.uuid('must be a UUID').nullish(),
    variables: z
      .record(z.string(), z.unknown(), 'must be an object of variables')
      .nullish()
      .openapi({ description: 'Template variables (only with template_id); missing ones are a 422 naming them' }),
    parse_mode: z.enum(['HTML', 'MarkdownV2', 'Markdown'], 'must be HTML, MarkdownV2 or Markdown').nullish(),
    disable_notification: z.boolean('must be true or false').optional(),
    reply_to_message_id: z.number('must be a message id').int('must be a whole number').positive().nullish(),
    idempotency_key: z
      .string('must be text')
      .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters (no spaces)')
      .nullish()
      .openapi({ description: 'A second request with the same key sends nothing and returns the first message' }),
    wait: z
      .boolean('must be true or false')
      .default(false)
      .openapi({ description: 'Wait until the message is delivered or failed (200), at most timeout_ms (then 202)' }),
    timeout_ms: z
      .number('must be a number')
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(60_000, 'must be at most 60000')
      .default(10_000),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (m.template_id) {
      if (m.text !== undefined && m.text !== null) issue('text', 'cannot be combined with template_id');
    } else {
      if (!m.text) issue('text', 'is required (or give a template_id)');
      if (m.variables) issue('variables', 'only with template_id');
    }
  })
  .openapi('SendTelegramMessage');

export const telegramMessageSchema = z
  .object({
    outbox_id: z.uuid(),
    idempotency_key: z.string(),
    chat_id: z.string(),
    status: z.enum(['queued', 'delivered', 'failed']),
    error: z
      .string()
      .nullable()
      .openapi({ description: 'Why it failed, or the error of the last attempt of a message still queued' }),
    attempts: z.number().int(),
    message_id: z.number().int().nullable().openapi({ description: "Telegram's message_id once delivered" }),
    created_at: z.iso.datetime(),
    delivered_at: z.iso.datetime().nullable(),
  })
  .openapi('TelegramMessage');

export type SendTelegramInput = z.infer<typeof sendTelegramBody>;
export type TelegramMessageDto = z.infer<typeof telegramMessageSchema>;
