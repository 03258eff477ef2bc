// Delivery of outbox rows of channel 'telegram' (written by queueTelegramMessage) through
// grammY's Api against the configured api_root. One row = one sendMessage.
//
// Outcomes:
//   ok                                  → delivered (detail: Telegram's message id)
//   429 Too Many Requests               → retry after parameters.retry_after seconds
//   5xx, network errors, timeouts       → retry (backoff)
//   401/404 from the Bot API            → retry: the bot token is wrong or revoked, an admin
//                                         can fix it and the row is still sent
//   no token configured / unreadable    → retry, for the same reason
//   other 4xx (chat not found, bot blocked by the user, kicked, message too long) → failed
//   a payload that is not a message     → failed
// Limits: Telegram allows about 30 messages per second overall and 1 per second per chat.
import { GrammyError, HttpError } from 'grammy';
import type pg from 'pg';
import { telegramPayload } from '../../modules/telegram/outbox.ts';
import { loadTelegramSettings, telegramApi, TelegramSecretsUnreadable } from '../../modules/telegram/settings.ts';
import type { Channel, DeliveryResult, OutboxRow } from '../channel.ts';

export type TelegramChannelDeps = {
  pool: pg.Pool;
  encryptionKey: Buffer;
  /** Upper bound of one Bot API call; the relay's own timeout aborts earlier through `signal`. */
  timeoutSeconds?: number;
};

/** A network failure's code (ECONNRESET, ECONNREFUSED…): never its message, which holds the URL and so the token. */
function networkReason(error: HttpError): string {
  const inner = error.error as { code?: string; type?: string; name?: string } | undefined;
  const code = inner?.code ?? inner?.type ?? inner?.name;
  return `${error.message}${code ? ` (${code})` : ''}`;
}

function fromGrammyError(error: GrammyError): DeliveryResult {
  const statusCode = error.error_code;
  const message = `Telegram ${statusCode}: ${error.description}`;
  if (statusCode === 429) {
    const seconds = error.parameters.retry_after;
    return {
      outcome: 'retry',
      statusCode,
      error: message,
      ...(typeof seconds === 'number' ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  if (statusCode >= 500 || statusCode === 401 || statusCode === 404 || statusCode === 408 || statusCode === 409)
    return { outcome: 'retry', statusCode, error: message };
  const migrated = error.parameters.migrate_to_chat_id;
  return {
    outcome: 'failed',
    statusCode,
    error: message,
    ...(migrated !== undefined ? { detail: `the group moved to chat ${migrated}` } : {}),
  };
}

export function telegramChannel(deps: TelegramChannelDeps): Channel {
  return {
    limits: {
      perSecond: 30,
      perTargetPerSecond: 1,
      targetOf: (row: OutboxRow) =>
        row.target ?? (row.payload.chat_id === undefined ? null : String(row.payload.chat_id)),
    },

    async deliver(row: OutboxRow, signal: AbortSignal): Promise<DeliveryResult> {
      const parsed = telegramPayload.safeParse(row.payload);
      if (!parsed.success)
        return {
          outcome: 'failed',
          error: `not a Telegram message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`,
        };
      let settings;
      try {
        settings = await loadTelegramSettings(deps.pool, deps.encryptionKey);
      } catch (error) {
        if (error instanceof TelegramSecretsUnreadable) return { outcome: 'retry', error: error.message };
        throw error; // the database: the relay retries
      }
      if (!settings.botToken)
        return { outcome: 'retry', error: 'no Telegram bot token is configured (settings: telegram)' };

      const { chat_id, text, reply_to_message_id, ...options } = parsed.data;
      const api = telegramApi({ botToken: settings.botToken, apiRoot: settings.apiRoot }, deps.timeoutSeconds);
      try {
        const sent = await api.sendMessage(
          chat_id,
          text,
          {
            ...options,
            // The replied-to message may be gone by now: send anyway rather than fail with 400.
            ...(reply_to_message_id
              ? { reply_parameters: { message_id: reply_to_message_id, allow_sending_without_reply: true } }
              : {}),
          },
          // grammY types its signal as the abort-controller polyfill's; it only needs
          // addEventListener, which Node's AbortSignal has.
          signal as unknown as Parameters<typeof api.sendMessage>[3],
        );
        return { outcome: 'delivered', statusCode: 200, detail: `message_id=${sent.message_id}` };
      } catch (error) {
        if (error instanceof GrammyError) return fromGrammyError(error);
        if (error instanceof HttpError)
          return { outcome: 'retry', error: signal.aborted ? 'timed out' : networkReason(error) };
        return { outcome: 'retry', error: signal.aborted ? 'timed out' : 'Telegram call failed' };
      }
    },
  };
}
