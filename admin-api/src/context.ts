// Everything a request handler may need, built once in server.ts (or by a test) and passed
// down explicitly: no module-level singletons, so several apps can live in one process.
import fs from 'node:fs';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './modules/metrics/registry.ts';

export type AppContext = {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  metrics: Metrics;
  version: string;
  startedAt: number;
};

const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
export const VERSION = manifest.version;
