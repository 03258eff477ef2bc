// The Telegram setting as the bot, the webhook and the channel need it: secrets decrypted, and
// a grammY Api client pointed at the configured api_root (tests point it at a fake Bot API).
// Read per use (one small query): changes in the console take effect on the next update or
// delivery, with nothing to restart.
import { Api } from 'grammy';
import type pg from 'pg';
import { SecretBoxError } from '../../crypto/secret-box.ts';
import { getSettingWithSecrets } from '../settings/service.ts';

export type TelegramSettings = {
  botToken: string | null;
  webhookSecret: string | null;
  apiRoot: string;
  allowedChatIds: number[];
  allowAllChats: boolean;
  webhookUrl: string | null;
  calendarId: string;
  defaultDurationMinutes: number;
  botUsername: string | null;
  /** The non-secret value as stored (to write it back with a change). */
  value: Record<string, unknown>;
};

/** The secrets were sealed with another encryption key: they must be entered again. */
export class TelegramSecretsUnreadable extends Error {
  constructor() {
    super('the Telegram secrets were encrypted with another key; enter the bot token again');
    this.name = 'TelegramSecretsUnreadable';
  }
}

export async function loadTelegramSettings(db: pg.Pool | pg.ClientBase, key: Buffer): Promise<TelegramSettings> {
  let setting;
  try {
    setting = await getSettingWithSecrets(db, key, 'telegram');
  } catch (error) {
    if (error instanceof SecretBoxError) throw new TelegramSecretsUnreadable();
    throw error;
  }
  const v = setting.value;
  return {
    botToken: setting.secrets.bot_token || null,
    webhookSecret: setting.secrets.webhook_secret || null,
    // grammY refuses a trailing slash (it builds `${apiRoot}/bot<token>/<method>`).
    apiRoot: String(v.api_root ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    allowedChatIds: Array.isArray(v.allowed_chat_ids) ? (v.allowed_chat_ids as number[]) : [],
    allowAllChats: v.allow_all_chats === true,
    webhookUrl: typeof v.webhook_url === 'string' ? v.webhook_url : null,
    calendarId: typeof v.calendar_id === 'string' ? v.calendar_id : 'default',
    defaultDurationMinutes: typeof v.default_duration_minutes === 'number' ? v.default_duration_minutes : 60,
    botUsername: typeof v.bot_username === 'string' ? v.bot_username : null,
    value: v,
  };
}

/** A grammY API client for the configured bot. `timeoutSeconds` bounds every call. */
export function telegramApi(settings: { botToken: string; apiRoot: string }, timeoutSeconds = 30): Api {
  return new Api(settings.botToken, { apiRoot: settings.apiRoot, timeoutSeconds });
}

export function chatAllowed(settings: TelegramSettings, chatId: number): boolean {
  return settings.allowAllChats || settings.allowedChatIds.includes(chatId);
}
