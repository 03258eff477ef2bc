// One dedicated connection that LISTENs for PostgreSQL notifications (pool clients come and
// go, so they cannot hold a LISTEN). It reconnects by itself with capped backoff. While it is
// down, notifications are lost, so anything that relies on them (caches) must ask `healthy`
// before trusting itself and starts over on `onReconnect`.
import pg from 'pg';
import type { Logger } from '../logger.ts';

export type Listener = {
  /** Subscribes to a channel; the handler gets the payload. */
  on(channel: string, handler: (payload: string) => void): void;
  /** Called after every (re)connection: whatever was announced meanwhile was missed. */
  onReconnect(handler: () => void): void;
  /** True while the LISTEN connection is up. */
  readonly healthy: boolean;
  close(): Promise<void>;
};

const MAX_BACKOFF_MS = 5_000;

export function createListener(connectionString: string, logger: Logger): Listener {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const reconnectHandlers: Array<() => void> = [];
  let client: pg.Client | undefined;
  let healthy = false;
  let closed = false;
  let backoff = 100;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString, application_name: 'chronos-admin-api-listener' });
    next.on('error', (error) => {
      logger.warn({ err: { message: error.message } }, 'notification listener connection lost');
      lost(next);
    });
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    try {
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'notification listener could not connect');
      await next.end().catch(() => undefined);
      schedule();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    healthy = true;
    backoff = 100;
    for (const handler of reconnectHandlers) handler();
  };

  const lost = (which: pg.Client) => {
    if (client !== which) return;
    client = undefined;
    healthy = false;
    which.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, backoff);
    timer.unref();
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  let started = false;
  return {
    on(channel, handler) {
      const list = handlers.get(channel);
      if (list) list.push(handler);
      else handlers.set(channel, [handler]);
      if (client) void client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      if (!started) {
        started = true;
        void connect();
      }
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    get healthy() {
      return healthy;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      healthy = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
