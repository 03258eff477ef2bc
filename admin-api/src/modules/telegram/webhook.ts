// POST /telegram/webhook — where Telegram delivers updates (ARCHITECTURE "Telegram": one
// webhook per bot, owned by admin-api; n8n gets the messages as telegram.message events).
//
// Decision: the update JSON is handled here with grammY's types rather than through
// `webhookCallback(bot, 'express', { secretToken })`. The secret, the bot token and the allowed
// chats are settings in PostgreSQL (secrets encrypted) that an admin can change or rotate at
// any time (POST /api/v1/telegram/webhook generates a new secret); a Bot built at start-up
// would hold stale copies, and one per request would be a Bot for nothing, since no handler
// calls Telegram (replies go through the outbox). Handling the update directly also keeps the
// rules in one place: secret check first (constant time, 401, audited), then validation (400),
// then exactly-once processing in one transaction (bot.ts), answering 200 quickly.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AppContext } from '../../context.ts';
import { withTransaction } from '../../db/pool.ts';
import { unauthorized, validationProblem } from '../../http/problem.ts';
import { onAuthFailure } from '../security/detect.ts';
import { raiseIncident } from '../security/repo.ts';
import { handleUpdate, type Outcome } from './bot.ts';
import { updateSchema } from './schemas.ts';
import { loadTelegramSettings, TelegramSecretsUnreadable, type TelegramSettings } from './settings.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
export function secretMatches(presented: string | undefined, expected: string | null): boolean {
  if (!presented || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function recordRefusal(ctx: AppContext, req: Request, reason: string): void {
  const ip = req.ip ?? null;
  ctx.background.track(
    (async () => {
      await onAuthFailure(ctx, {
        ip,
        reason,
        actor: { type: 'telegram', label: 'telegram webhook' },
        userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
      });
      // One open incident per address and 10 minutes, however many requests it sends.
      await withTransaction(ctx.pool, (client) =>
        raiseIncident(
          client,
          { kind: 'telegram_bad_secret', severity: 'medium', ip, details: { reason } },
          { windowSec: 600, openOnly: true, by: ['ip'] },
        ),
      );
    })().catch((error: Error) =>
      ctx.logger.warn({ err: { message: error.message } }, 'could not record a refused Telegram webhook call'),
    ),
  );
}

export async function receiveUpdate(ctx: AppContext, req: Request): Promise<{ ok: true; outcome: Outcome }> {
  let settings: TelegramSettings | undefined;
  try {
    settings = await loadTelegramSettings(ctx.pool, ctx.config.encryptionKey);
  } catch (error) {
    if (!(error instanceof TelegramSecretsUnreadable)) throw error;
    ctx.logger.warn('Telegram webhook refused: the stored secrets cannot be decrypted with this key');
  }
  const presented = req.get(SECRET_HEADER);
  if (!secretMatches(presented, settings?.webhookSecret ?? null)) {
    const reason = !settings?.webhookSecret
      ? 'telegram_webhook_not_configured'
      : presented
        ? 'telegram_bad_secret'
        : 'telegram_missing_secret';
    recordRefusal(ctx, req, reason);
    throw unauthorized('missing or wrong X-Telegram-Bot-Api-Secret-Token');
  }
  const update = updateSchema.safeParse(req.body ?? {});
  if (!update.success) throw validationProblem(update.error, 'body');
  const outcome = await handleUpdate({ pool: ctx.pool }, settings!, update.data);
  return { ok: true, outcome };
}
