// The relay as its own process: `node admin-api/src/relay/main.ts` with the same environment
// as admin-api (DATABASE_URL, CHRONOS_ENCRYPTION_KEY, …). Several may run next to each other
// and next to admin-api processes that relay too (RELAY_ENABLED); they share the work through
// the database. SIGTERM: stop claiming, finish and settle what is in flight, exit.
import { ConfigError, loadConfig } from '../config.ts';
import { createListener } from '../db/listener.ts';
import { createPool } from '../db/pool.ts';
import { createLogger } from '../logger.ts';
import { productChannels } from './channels/index.ts';
import { startRelay } from './relay.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`chronos relay: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
const pool = createPool(
  {
    connectionString: config.databaseUrl,
    max: config.dbPoolMax,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    applicationName: 'chronos-relay',
  },
  logger,
);
const listener = createListener(config.databaseUrl, logger);
const relay = startRelay({
  pool,
  listener,
  logger,
  channels: productChannels({ pool, config, logger }),
  options: config.relay,
});
logger.info({ relay: relay.id }, 'relay started');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void (async () => {
      await relay.stop(config.shutdownTimeoutMs);
      await listener.close();
      await pool.end();
      logger.info({ relay: relay.id, stats: relay.stats }, 'relay stopped');
      process.exit(0);
    })();
  });
}
