// Shapes of the Telegram endpoints: the part of a Bot API Update the bot reads (everything
// else Telegram sends is ignored), and the webhook configuration routes.
import type { Update } from 'grammy/types';
import { z } from '../../openapi/zod.ts';

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
