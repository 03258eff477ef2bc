// Setting up the bot's webhook at Telegram (scope integrations.manage):
//   set     getMe (checks the token, learns the bot's username), then setWebhook with the
//           public URL, a freshly generated secret token and allowed_updates ['message'];
//           then the secret (encrypted), the URL and the username are saved in the telegram
//           setting through the settings service (audited there: secrets_changed).
//   info    getWebhookInfo, compared with the setting.
//   delete  deleteWebhook, then the stored secret is cleared, so nothing can post updates.
// The secret is never returned. Changes are serialised with a session advisory lock: two
// admins configuring at once would otherwise leave Telegram with one secret and the setting
// with the other.
//
// Order: Telegram first, then the setting. If saving fails after setWebhook succeeded,
// Telegram sends a secret we do not know and gets 401 (it retries); running the set again
// repairs it. Saving first would have the mirror-image failure.
import { holdClient } from '../../db/pool.ts';
import { randomBytes } from 'node:crypto';
import { GrammyError, HttpError } from 'grammy';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, HttpProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as settingsService from '../settings/service.ts';
import { loadTelegramSettings, telegramApi, TelegramSecretsUnreadable, type TelegramSettings } from './settings.ts';

export const ALLOWED_UPDATES = ['message'] as const;
// Advisory lock key of webhook configuration (two-int form, class chosen for this module).
const LOCK_CLASS = 742031;

type Deps = { pool: pg.Pool; key: Buffer };

/** The Bot API's answer as a problem for the admin: 400 for a bad URL, 409 for a bad token, 502 otherwise. */
export function telegramProblem(error: unknown): HttpProblem {
  if (error instanceof GrammyError) {
    if (error.error_code === 401 || error.error_code === 404)
      return new HttpProblem(409, 'Conflict', {
        detail: `Telegram refused the bot token (${error.error_code}: ${error.description})`,
        errors: { 'secrets.bot_token': 'was refused by Telegram' },
      });
    if (error.error_code === 400) return badRequest(`Telegram: ${error.description}`, { url: error.description });
    if (error.error_code === 429)
      return new HttpProblem(503, 'Service Unavailable', {
        detail: 'Telegram asks to slow down; try again later',
        headers: { 'Retry-After': String(error.parameters.retry_after ?? 5) },
      });
    return new HttpProblem(502, 'Bad Gateway', {
      detail: `Telegram answered ${error.error_code}: ${error.description}`,
    });
  }
  if (error instanceof HttpError)
    return new HttpProblem(502, 'Bad Gateway', { detail: `Telegram could not be reached (${error.message})` });
  throw error;
}

async function configured(deps: Deps): Promise<TelegramSettings & { botToken: string }> {
  let settings;
  try {
    settings = await loadTelegramSettings(deps.pool, deps.key);
  } catch (error) {
    if (error instanceof TelegramSecretsUnreadable)
      throw new HttpProblem(409, 'Conflict', {
        detail: error.message,
        errors: { 'secrets.bot_token': 'must be entered again' },
      });
    throw error;
  }
  if (!settings.botToken)
    throw new HttpProblem(409, 'Conflict', {
      detail: 'no Telegram bot token is configured: save it in the telegram setting first',
      errors: { 'secrets.bot_token': 'is not set' },
    });
  return settings as TelegramSettings & { botToken: string };
}

/** The change at Telegram itself (the setting's own audit row covers the stored secret). */
const auditTelegram = (pool: pg.Pool, actor: AuditActor, action: 'set' | 'delete', details: Record<string, unknown>) =>
  withTransaction(pool, (client) =>
    appendAudit(client, { ...actor, entity: 'telegram_webhook', entityId: 'telegram', action, details, riskScore: 40 }),
  );

async function exclusively<T>(pool: pg.Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // Held while Telegram is called: a cut connection must not be an uncaught error.
  const release = holdClient(client, (error) => (broken = error));
  try {
    await client.query('SELECT pg_advisory_lock($1, 0)', [LOCK_CLASS]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, 0)', [LOCK_CLASS]);
    }
  } finally {
    release();
    client.release(broken);
  }
}

export function setWebhook(deps: Deps, input: { url?: string; drop_pending_updates: boolean }, actor: AuditActor) {
  return exclusively(deps.pool, async () => {
    const settings = await configured(deps);
    const url = input.url ?? settings.webhookUrl;
    if (!url)
      throw badRequest('no webhook URL: give url, or set webhook_url in the telegram setting', {
        url: 'is required (no webhook_url in the telegram setting)',
      });
    if (!url.startsWith('https://'))
      throw badRequest('the webhook URL must be https (Telegram only calls HTTPS webhooks)', {
        url: 'must be an https URL',
      });
    // 32 random bytes in the alphabet Telegram allows for secret tokens (A-Z a-z 0-9 _ -).
    const secret = randomBytes(32).toString('base64url');
    const api = telegramApi(settings);
    let bot;
    try {
      bot = await api.getMe();
      await api.setWebhook(url, {
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: input.drop_pending_updates,
      });
    } catch (error) {
      throw telegramProblem(error);
    }
    await settingsService.update(
      deps.pool,
      deps.key,
      'telegram',
      {
        value: { ...settings.value, webhook_url: url, bot_username: bot.username },
        secrets: { webhook_secret: secret },
      },
      actor,
    );
    await auditTelegram(deps.pool, actor, 'set', { url, allowed_updates: [...ALLOWED_UPDATES], bot: bot.username });
    return {
      url,
      allowed_updates: [...ALLOWED_UPDATES],
      bot: { id: bot.id, username: bot.username },
      secret_set: true,
    };
  });
}

export async function webhookInfo(deps: Deps) {
  const settings = await configured(deps);
  let info;
  try {
    info = await telegramApi(settings).getWebhookInfo();
  } catch (error) {
    throw telegramProblem(error);
  }
  const url = info.url ?? '';
  return {
    url,
    has_custom_certificate: info.has_custom_certificate,
    pending_update_count: info.pending_update_count,
    max_connections: info.max_connections ?? null,
    allowed_updates: info.allowed_updates ?? null,
    ip_address: info.ip_address ?? null,
    last_error_date: info.last_error_date ? new Date(info.last_error_date * 1000).toISOString() : null,
    last_error_message: info.last_error_message ?? null,
    configured_url: settings.webhookUrl,
    matches_settings: url !== '' && url === settings.webhookUrl,
    secret_set: settings.webhookSecret !== null,
  };
}

export function deleteWebhook(deps: Deps, actor: AuditActor) {
  return exclusively(deps.pool, async () => {
    const settings = await configured(deps);
    try {
      await telegramApi(settings).deleteWebhook();
    } catch (error) {
      throw telegramProblem(error);
    }
    if (settings.webhookSecret)
      await settingsService.update(
        deps.pool,
        deps.key,
        'telegram',
        { value: settings.value, secrets: { webhook_secret: '' } },
        actor,
      );
    await auditTelegram(deps.pool, actor, 'delete', { url: settings.webhookUrl });
    return { deleted: true as const };
  });
}
