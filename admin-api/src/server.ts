// Process entry point: validate configuration, check (or bring up to date) the schema,
// listen, and shut down gracefully on SIGTERM/SIGINT: stop accepting connections, let
// in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS), then close the pool.
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { createBackgroundTasks } from './background.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { VERSION, type AppContext } from './context.ts';
import { migrate, MigrationError, schemaStatus } from './db/migrations.ts';
import { createListener } from './db/listener.ts';
import { createPool } from './db/pool.ts';
import { createRateLimits, type RateLimitOverrides } from './http/rate-limit.ts';
import { closeRateLimitStores } from './http/rate-limit-store.ts';
import type { RouteHost } from './http/route.ts';
import { productJobs } from './jobs/index.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createLogger, redactUrl, type Logger } from './logger.ts';
import type { Channels } from './relay/channel.ts';
import { productChannels } from './relay/channels/index.ts';
import { startRelay } from './relay/relay.ts';
import { createUsageRecorder } from './modules/api-keys/usage.ts';
import { createApiKeyCache } from './modules/api-keys/verified-cache.ts';
import { createMetrics } from './modules/metrics/registry.ts';

async function prepareSchema(ctx: AppContext): Promise<void> {
  const client = await ctx.pool.connect();
  try {
    if (ctx.config.migrateOnStart) {
      const result = await migrate(client, ctx.config.migrationsDir, (m) => ctx.logger.info(m));
      ctx.logger.info({ schemaVersion: result.version, applied: result.applied.length }, 'schema is up to date');
      return;
    }
    const status = await schemaStatus(client, ctx.config.migrationsDir);
    if (status.pending.length > 0) {
      throw new MigrationError(
        `the database is at schema version ${status.current} but this code needs ${status.latest}; ` +
          'run `npm run migrate` (or start with MIGRATE_ON_START=true)',
      );
    }
  } finally {
    client.release();
  }
}

export type StartOptions = {
  /** Rate limits other than the defaults (tests and benchmarks; env wiring belongs to config.ts). */
  rateLimits?: RateLimitOverrides;
  /** Delivery channels other than the configured ones (tests). */
  channels?: Channels;
  /** Extra routes (benchmarks only; see createApp). */
  extendApi?: (host: RouteHost) => void;
};

export async function startServer(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<{ server: Server; close(): Promise<void> }> {
  const pool = createPool(
    { connectionString: config.databaseUrl, max: config.dbPoolMax, connectTimeoutMs: config.dbConnectTimeoutMs },
    logger,
  );
  const listener = createListener(config.databaseUrl, logger);
  const ctx: AppContext = {
    config,
    logger,
    pool,
    metrics: createMetrics(pool),
    rateLimits: createRateLimits(config, logger, {
      key: { points: config.rateLimitPerKey, durationSec: 60, ...options.rateLimits?.key },
      ip: { points: config.rateLimitPerIp, durationSec: 60, ...options.rateLimits?.ip },
    }),
    usage: createUsageRecorder(pool, logger),
    listener,
    apiKeyCache: createApiKeyCache({ ttlMs: config.apiKeyCacheTtlMs, listener }),
    background: createBackgroundTasks(),
    version: VERSION,
    startedAt: Date.now(),
  };
  try {
    await prepareSchema(ctx);
  } catch (error) {
    await ctx.rateLimits.close();
    await ctx.usage.close();
    await listener.close();
    await pool.end();
    throw error;
  }
  if (config.ephemeralSecrets) {
    logger.warn('JWT_SECRET or CHRONOS_ENCRYPTION_KEY is not set: using a random value for this process only');
  }
  const scheduler = config.jobsEnabled
    ? startScheduler(pool, logger, productJobs(ctx), config.jobsIntervalMs)
    : undefined;
  const relay = config.relayEnabled
    ? startRelay({
        pool,
        listener,
        logger,
        channels: options.channels ?? productChannels({ pool, config, logger }),
        options: config.relay,
      })
    : undefined;
  const app = createApp(ctx, options.extendApi);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  logger.info(
    { host: config.host, port: config.port, database: redactUrl(config.databaseUrl), version: VERSION },
    'listening',
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      const finished = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout reached; closing remaining connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await finished;
      clearTimeout(timer);
      await scheduler?.stop();
      await relay?.stop(config.shutdownTimeoutMs);
      await ctx.background.drain();
      await ctx.rateLimits.close();
      await closeRateLimitStores();
      await ctx.usage.close();
      await listener.close();
      await pool.end();
      logger.info('stopped');
    })());
  return { server, close };
}

if (import.meta.main) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`chronos admin-api: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  try {
    const { close } = await startServer(config, logger);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: { message } }, 'start-up failed');
    process.stderr.write(`chronos admin-api: start-up failed: ${message}\n`);
    process.exit(1);
  }
}
