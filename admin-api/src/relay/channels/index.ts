// The delivery channels of this deployment, built from the configuration. A channel that is
// not configured yet (no SMTP settings, no Telegram bot) still answers, with `retry` and a clear
// error, so its rows wait instead of being lost.
import type pg from 'pg';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Channels } from '../channel.ts';
import { mailChannel } from './mail.ts';
import { telegramChannel } from './telegram.ts';
import { webhookChannel } from './webhook.ts';

export type ChannelDeps = { pool: pg.Pool; config: Config; logger: Logger };

export function productChannels(deps: ChannelDeps): Channels {
  return {
    webhook: webhookChannel(deps.pool, deps.config.encryptionKey, { timeoutMs: deps.config.relay.deliveryTimeoutMs }),
    mail: mailChannel(deps.pool, { encryptionKey: deps.config.encryptionKey }),
    telegram: telegramChannel({ pool: deps.pool, encryptionKey: deps.config.encryptionKey }),
  };
}
