// Configuration comes from the environment only, validated once at start-up. A bad or
// missing variable stops the process with one message that names every offending variable,
// instead of failing later somewhere deep inside a request.
import { randomBytes } from 'node:crypto';
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

const nonNegativeInt = z
  .string()
  .regex(/^\d+$/, 'must be a whole number (0 or more)')
  .transform(Number)
  .pipe(z.number().int().min(0));

const bool = z.enum(['true', 'false', '1', '0'], 'must be true or false').transform((v) => v === 'true' || v === '1');

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@localhost:5432/chronos');

const secret = (minBytes: number) =>
  z.string().refine((v) => Buffer.byteLength(v) >= minBytes, `must be at least ${minBytes} characters of random text`);

/** A 32-byte key as 64 hex characters or 44 base64 characters. */
const aesKey = z
  .string()
  .refine(
    (v) => (/^[0-9a-f]{64}$/i.test(v) ? true : Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/=_-]+$/.test(v)),
    'must be 32 random bytes, as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)',
  )
  .transform((v) => (/^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64')));

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
  JWT_SECRET: secret(32).optional(),
  JWT_ISSUER: z.string().min(1).default('chronos'),
  JWT_AUDIENCE: z.string().min(1).default('chronos-console'),
  CHRONOS_ENCRYPTION_KEY: aesKey.optional(),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL')
    .optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  RATE_LIMIT_PER_KEY: positiveInt.default(1000),
  RATE_LIMIT_PER_IP: positiveInt.default(300),
  API_KEY_CACHE_TTL_MS: nonNegativeInt.default(10_000),
  INGEST_MAX_BYTES: positiveInt.default(1_048_576),
  INGEST_RATE_LIMIT_PER_IP: positiveInt.default(6000),
  RELAY_ENABLED: bool.default(true),
  RELAY_CONCURRENCY: positiveInt.default(64),
  RELAY_BATCH_SIZE: positiveInt.default(200),
  RELAY_LEASE_MS: positiveInt.default(60_000),
  RELAY_POLL_INTERVAL_MS: positiveInt.default(1_000),
  RELAY_DELIVERY_TIMEOUT_MS: positiveInt.default(15_000),
  RELAY_POISON_STARTS: positiveInt.default(3),
  JOBS_ENABLED: bool.default(true),
  JOBS_INTERVAL_MS: positiveInt.default(15_000),
  AUTO_COMPLETE_WITHOUT_SUBTASKS: bool.default(true),
  REMINDER_GRACE_MINUTES: positiveInt.default(60),
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
  /** HS256 secret of console session tokens. */
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** AES-256-GCM key for secrets at rest (integration settings, webhook secrets). */
  encryptionKey: Buffer;
  redisUrl: string | undefined;
  /** Express `trust proxy`: false, true, a hop count, or a list of proxy addresses. */
  trustProxy: boolean | number | string;
  /** Requests per minute per API key, and per client address. */
  rateLimitPerKey: number;
  rateLimitPerIp: number;
  /** How long a verified API key may be served from memory (0 = never). */
  apiKeyCacheTtlMs: number;
  /** POST /ingest/{domain}: largest accepted body, and requests per minute per client address. */
  ingestMaxBytes: number;
  ingestRateLimitPerIp: number;
  /** Deliver outbox rows from this process (the relay can also run on its own). */
  relayEnabled: boolean;
  relay: {
    concurrency: number;
    batchSize: number;
    leaseMs: number;
    pollIntervalMs: number;
    deliveryTimeoutMs: number;
    poisonStarts: number;
  };
  /** Periodic jobs (reminders, auto-complete) in this process. */
  jobsEnabled: boolean;
  jobsIntervalMs: number;
  /** Auto-complete also events that have no sub-tasks once they are over. */
  autoCompleteWithoutSubTasks: boolean;
  /** Reminders due longer ago than this (nobody was running) are skipped, not sent late. */
  reminderGraceMinutes: number;
  /** True when JWT_SECRET / CHRONOS_ENCRYPTION_KEY were generated for this process only. */
  ephemeralSecrets: boolean;
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
  // Outside production a missing secret is generated for this process (sessions and
  // encrypted settings then do not survive a restart); production must configure both.
  if (e.NODE_ENV === 'production') {
    const missing = [
      ...(e.JWT_SECRET ? [] : ['JWT_SECRET is required in production']),
      ...(e.CHRONOS_ENCRYPTION_KEY ? [] : ['CHRONOS_ENCRYPTION_KEY is required in production']),
    ];
    if (missing.length) throw new ConfigError(missing);
  }
  const ephemeralSecrets = !e.JWT_SECRET || !e.CHRONOS_ENCRYPTION_KEY;
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
    jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    encryptionKey: e.CHRONOS_ENCRYPTION_KEY ?? randomBytes(32),
    redisUrl: e.REDIS_URL,
    trustProxy: e.TRUST_PROXY,
    ephemeralSecrets,
    rateLimitPerKey: e.RATE_LIMIT_PER_KEY,
    rateLimitPerIp: e.RATE_LIMIT_PER_IP,
    apiKeyCacheTtlMs: e.API_KEY_CACHE_TTL_MS,
    ingestMaxBytes: e.INGEST_MAX_BYTES,
    ingestRateLimitPerIp: e.INGEST_RATE_LIMIT_PER_IP,
    relayEnabled: e.RELAY_ENABLED,
    relay: {
      concurrency: e.RELAY_CONCURRENCY,
      batchSize: e.RELAY_BATCH_SIZE,
      leaseMs: e.RELAY_LEASE_MS,
      pollIntervalMs: e.RELAY_POLL_INTERVAL_MS,
      deliveryTimeoutMs: e.RELAY_DELIVERY_TIMEOUT_MS,
      poisonStarts: e.RELAY_POISON_STARTS,
    },
    jobsEnabled: e.JOBS_ENABLED,
    jobsIntervalMs: e.JOBS_INTERVAL_MS,
    autoCompleteWithoutSubTasks: e.AUTO_COMPLETE_WITHOUT_SUBTASKS,
    reminderGraceMinutes: e.REMINDER_GRACE_MINUTES,
  };
}
