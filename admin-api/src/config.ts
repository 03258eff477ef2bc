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

/** A percentage, 0–100, decimals allowed. */
const percent = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a percentage between 0 and 100')
  .transform(Number)
  .pipe(z.number().max(100, 'must be a percentage between 0 and 100'));

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. http://n8n:5678' });

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
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(10_000),
  // --- /health and /metrics ------------------------------------------------------------------
  // Deadline of the database check; /health answers 503 within it when PostgreSQL hangs.
  HEALTH_DB_TIMEOUT_MS: positiveInt.default(2000),
  // Deadline of every other check (n8n, Redis, S3, relay and backup queries, disk).
  HEALTH_CHECK_TIMEOUT_MS: positiveInt.default(2000),
  // How long the non-database checks are reused, so /health under load (or many probes) does
  // not hammer n8n, Redis or S3. 0 = check on every request.
  HEALTH_CACHE_MS: nonNegativeInt.default(5000),
  // relay degraded when the oldest due, unclaimed outbox row is older than this.
  HEALTH_RELAY_MAX_LAG_S: positiveInt.default(120),
  // backup degraded when the last completed backup is older than this (daily schedule + slack).
  HEALTH_BACKUP_MAX_AGE_HOURS: positiveInt.default(26),
  // disk: the folder whose file system is checked (the data volume), and the free % below
  // which it is degraded.
  HEALTH_DISK_PATH: z.string().min(1).default(process.cwd()),
  HEALTH_DISK_MIN_FREE_PCT: percent.default(10),
  // memory degraded when MemAvailable falls below this share of MemTotal.
  HEALTH_MEMORY_MIN_AVAILABLE_PCT: percent.default(10),
  // n8n's base URL for the n8n check when the `n8n` setting has no base_url.
  N8N_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  MIGRATE_ON_START: bool.default(true),
  CHRONOS_MIGRATIONS_DIR: z
    .string()
    .min(1)
    .default(path.resolve(here, '..', '..', 'migrations')),
  // The built console (admin-ui/dist), served at /admin. Missing = /admin explains how to build it.
  CHRONOS_CONSOLE_DIR: z.string().default(path.resolve(here, '..', '..', 'admin-ui', 'dist')),
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
  // --- Backups (modules/backups). Where to store them is the `backup` setting; these are the
  // process-level knobs: extra databases, the pg_dump compression level (1 = fastest, see
  // ARCHITECTURE's measurements), the S3 part size (memory ≈ 3 parts; it doubles every 1000
  // parts, so an archive of unknown size never hits S3's 10,000-part limit), stale detection.
  BACKUP_N8N_DATABASE_URL: postgresUrl.optional(),
  BACKUP_SCRATCH_DATABASE_URL: postgresUrl.optional(),
  BACKUP_PG_BIN_DIR: z.string().min(1).optional(),
  BACKUP_COMPRESSION_LEVEL: z
    .string()
    .regex(/^[0-9]$/, 'must be a whole number from 0 to 9')
    .transform(Number)
    .default(1),
  BACKUP_S3_PART_SIZE_MB: positiveInt
    .pipe(z.number().min(5, 'must be at least 5 (the S3 minimum part size)').max(5120))
    .default(8),
  BACKUP_PROGRESS_INTERVAL_MS: positiveInt.default(1_000),
  BACKUP_STALE_AFTER_MS: positiveInt.default(120_000),
  // --- Health samples and healing (modules/host-samples, modules/healing). Thresholds and
  // policy are the `healing` setting; these are process-level knobs.
  // Samples (and service failures) older than this are pruned by a job.
  HEALTH_SAMPLE_RETENTION_DAYS: positiveInt.default(14),
  // Reboot check: with n8n not configured, workflows_drained fails (true) or passes (false).
  HEALING_REBOOT_REQUIRE_N8N_DRAINED: bool.default(true),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  healthDbTimeoutMs: number;
  /** /health beyond the database check (see the HEALTH_ block of the schema above). */
  health: {
    checkTimeoutMs: number;
    cacheMs: number;
    relayMaxLagS: number;
    backupMaxAgeHours: number;
    diskPath: string;
    diskMinFreePct: number;
    memoryMinAvailablePct: number;
  };
  /** n8n's base URL from the environment (the `n8n` setting's base_url wins when set). */
  n8nUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  migrateOnStart: boolean;
  migrationsDir: string;
  /** Built console files (admin-ui/dist) served at /admin. */
  consoleDir: string;
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
  backup: {
    /** n8n's database, dumped into the archive when set (and the setting includes it). */
    n8nDatabaseUrl: string | undefined;
    /** A maintenance connection with CREATEDB for scratch and restored databases (default: DATABASE_URL's server, database postgres). */
    scratchDatabaseUrl: string | undefined;
    /** Folder of pg_dump / pg_restore / pg_dumpall (default: found on PATH). */
    pgBinDir: string | undefined;
    /** pg_dump -Z level of the custom-format dumps. */
    compressionLevel: number;
    s3PartSizeBytes: number;
    /** How often a running backup writes its progress and heartbeat. */
    progressIntervalMs: number;
    /** A running backup whose heartbeat is older than this is failed before a new one starts. */
    staleAfterMs: number;
  };
  /** Health samples and healing (see the HEALTH_SAMPLE_/HEALING_ block of the schema above). */
  healing: {
    /** Samples and service failures older than this many days are pruned. */
    sampleRetentionDays: number;
    /** Reboot check: n8n not configured fails workflows_drained unless this is false. */
    rebootRequireN8nDrained: boolean;
  };
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
    health: {
      checkTimeoutMs: e.HEALTH_CHECK_TIMEOUT_MS,
      cacheMs: e.HEALTH_CACHE_MS,
      relayMaxLagS: e.HEALTH_RELAY_MAX_LAG_S,
      backupMaxAgeHours: e.HEALTH_BACKUP_MAX_AGE_HOURS,
      diskPath: e.HEALTH_DISK_PATH,
      diskMinFreePct: e.HEALTH_DISK_MIN_FREE_PCT,
      memoryMinAvailablePct: e.HEALTH_MEMORY_MIN_AVAILABLE_PCT,
    },
    n8nUrl: e.N8N_URL,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    migrateOnStart: e.MIGRATE_ON_START,
    migrationsDir: e.CHRONOS_MIGRATIONS_DIR,
    consoleDir: e.CHRONOS_CONSOLE_DIR,
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
    healing: {
      sampleRetentionDays: e.HEALTH_SAMPLE_RETENTION_DAYS,
      rebootRequireN8nDrained: e.HEALING_REBOOT_REQUIRE_N8N_DRAINED,
    },
    backup: {
      n8nDatabaseUrl: e.BACKUP_N8N_DATABASE_URL,
      scratchDatabaseUrl: e.BACKUP_SCRATCH_DATABASE_URL,
      pgBinDir: e.BACKUP_PG_BIN_DIR,
      compressionLevel: e.BACKUP_COMPRESSION_LEVEL,
      s3PartSizeBytes: e.BACKUP_S3_PART_SIZE_MB * 1024 * 1024,
      progressIntervalMs: e.BACKUP_PROGRESS_INTERVAL_MS,
      staleAfterMs: e.BACKUP_STALE_AFTER_MS,
    },
  };
}
