// Configuration comes from the environment only, validated once at start-up. A bad or
// missing variable stops the process with one message that names every offending variable,
// instead of failing later somewhere deep inside a request.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));

const port = z
  .string()
  .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
  .transform(Number)
  .pipe(z.number().int().min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535'));

const positiveInt = z
  .string()
  .regex(/^\d+$/, 'must be a positive whole number')
  .transform(Number)
  .pipe(z.number().int().positive('must be a positive whole number'));

const bool = z.enum(['true', 'false', '1', '0'], 'must be true or false').transform((v) => v === 'true' || v === '1');

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@localhost:5432/chronos');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  DATABASE_URL: postgresUrl,
  DB_POOL_MAX: positiveInt.default(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(3000),
  HEALTH_DB_TIMEOUT_MS: positiveInt.default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  MIGRATE_ON_START: bool.default(true),
  CHRONOS_MIGRATIONS_DIR: z
    .string()
    .min(1)
    .default(path.resolve(here, '..', '..', 'migrations')),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('must be a comma-separated list of origins such as https://console.example.com'))),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  healthDbTimeoutMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  migrateOnStart: boolean;
  migrationsDir: string;
  /** Browser origins allowed to call the API cross-origin (the console itself is same-origin). */
  corsOrigins: string[];
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as "not set", as shells and .env files commonly produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const message = issue.code === 'invalid_type' && present[name] === undefined ? 'is required' : issue.message;
      return `${name} ${message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    healthDbTimeoutMs: e.HEALTH_DB_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    migrateOnStart: e.MIGRATE_ON_START,
    migrationsDir: e.CHRONOS_MIGRATIONS_DIR,
    corsOrigins: e.CORS_ORIGINS,
  };
}
