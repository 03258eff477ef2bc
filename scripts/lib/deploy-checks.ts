// The rules of scripts/check-config.ts: one per docker/.env variable (format, length), the
// cross-field checks (URLs that embed passwords agree with the passwords the roles are created
// with, the n8n owner's hash matches its password, …), and admin-api's own schema through
// loadConfig (its rules are not repeated here). A problem names the variable, never a value.
import bcrypt from 'bcryptjs';
import net from 'node:net';
import { ConfigError, loadConfig } from '../../admin-api/src/config.ts';
import { passwordProblems } from '../../admin-api/src/modules/users/password-policy.ts';
import { BUNDLED } from './deploy-secrets.ts';

export type Problem = { variable: string; message: string };
type Vars = Readonly<Record<string, string | undefined>>;

type Rule = {
  variable: string;
  /** compose refuses to start without it (`${NAME:?…}` in docker/compose.yaml). */
  required?: boolean;
  secret?: boolean;
  /** A message when the (non-empty) value is wrong. No check: admin-api's schema has the rule. */
  check?: (value: string) => string | undefined;
};

const port = (v: string) =>
  /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'must be a port number (1–65535)';
const wholeNumber = (min: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min ? undefined : `must be a whole number of at least ${min}`;
const oneOf = (options: string[]) => (v: string) =>
  options.includes(v) ? undefined : `must be one of ${options.join(', ')}`;
const length =
  (min: number, max = Infinity) =>
  (v: string) =>
    v.length < min
      ? `is too short: at least ${min} characters`
      : v.length > max
        ? `is too long: at most ${max} characters`
        : undefined;
const identifier = (v: string) =>
  /^[a-z_][a-z0-9_]{0,62}$/.test(v) ? undefined : 'must be a lower-case name of letters, digits and _ (PostgreSQL)';
const email = (v: string) => (/^[^\s@]+@[^\s@]+$/.test(v) ? undefined : 'must be an e-mail address');

function publicUrl(v: string): string | undefined {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'must be a URL such as https://n8n.example.com/';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials';
  if (!v.endsWith('/')) return 'must end with / (n8n appends webhook/… to it)';
  return undefined;
}

function timeZone(v: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return undefined;
  } catch {
    return 'must be an IANA time zone such as UTC or Europe/Berlin';
  }
}

function n8nPassword(v: string): string | undefined {
  if (v.length < 8 || v.length > 64) return "must be 8–64 characters (n8n's rule)";
  if (!/[0-9]/.test(v) || !/[A-Z]/.test(v)) return "needs a digit and an upper-case letter (n8n's rule)";
  return undefined;
}

export const RULES: Rule[] = [
  // Read by docker compose itself from docker/.env, not referenced in the compose file.
  {
    variable: 'COMPOSE_PROJECT_NAME',
    check: (v) => (/^[a-z0-9][a-z0-9_-]*$/.test(v) ? undefined : 'must be lower-case letters, digits, _ and -'),
  },
  {
    variable: 'CHRONOS_IMAGE_TAG',
    check: (v) =>
      /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(v) ? undefined : 'must be an image tag (letters, digits, _ . -)',
  },
  {
    variable: 'BIND_ADDRESS',
    check: (v) => (net.isIPv4(v) ? undefined : 'must be an IPv4 address such as 127.0.0.1 (0.0.0.0: every interface)'),
  },
  { variable: 'ADMIN_API_HOST_PORT', check: port },
  { variable: 'N8N_HOST_PORT', check: port },
  { variable: 'N8N_WEBHOOK_HOST_PORT', check: port },
  { variable: 'N8N_PUBLIC_URL', required: true, check: publicUrl },
  { variable: 'N8N_SECURE_COOKIE', check: oneOf(['true', 'false']) },
  { variable: 'N8N_PROXY_HOPS', check: wholeNumber(0) },
  { variable: 'TRUST_PROXY' },
  { variable: 'TIMEZONE', check: timeZone },
  { variable: 'POSTGRES_PASSWORD', required: true, secret: true, check: length(16) },
  { variable: 'CHRONOS_DB_NAME', required: true, check: identifier },
  { variable: 'CHRONOS_DB_USER', required: true, check: identifier },
  { variable: 'CHRONOS_DB_PASSWORD', required: true, secret: true, check: length(16) },
  { variable: 'N8N_DB_NAME', required: true, check: identifier },
  { variable: 'N8N_DB_USER', required: true, check: identifier },
  { variable: 'N8N_DB_PASSWORD', required: true, secret: true, check: length(16) },
  { variable: 'DATABASE_URL', required: true, secret: true },
  { variable: 'BACKUP_N8N_DATABASE_URL', required: true, secret: true },
  { variable: 'REDIS_PASSWORD', required: true, secret: true, check: length(16) },
  { variable: 'REDIS_URL', required: true, secret: true },
  { variable: 'MINIO_ROOT_USER', required: true, check: length(3) },
  // MinIO accepts 8–40 characters; 16 is this deployment's floor for anything guessable.
  { variable: 'MINIO_ROOT_PASSWORD', required: true, secret: true, check: length(16, 40) },
  {
    variable: 'BACKUP_S3_BUCKET',
    required: true,
    check: (v) =>
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) && !v.includes('..') && !net.isIPv4(v)
        ? undefined
        : 'must be an S3 bucket name: 3–63 lower-case letters, digits, . and -',
  },
  {
    variable: 'BACKUP_S3_ACCESS_KEY',
    required: true,
    check: (v) => (/^[A-Za-z0-9._-]{3,20}$/.test(v) ? undefined : 'must be 3–20 letters, digits, . _ or -'),
  },
  { variable: 'BACKUP_S3_SECRET_KEY', required: true, secret: true, check: length(16, 40) },
  { variable: 'JWT_SECRET', required: true, secret: true },
  { variable: 'CHRONOS_ENCRYPTION_KEY', required: true, secret: true },
  { variable: 'CHRONOS_ADMIN_EMAIL', required: true, check: email },
  {
    variable: 'CHRONOS_ADMIN_PASSWORD',
    required: true,
    secret: true,
    check: (v) => {
      const problems = passwordProblems(v);
      return problems.length ? `is too weak for the console: it needs ${problems.join(', ')}` : undefined;
    },
  },
  { variable: 'LOG_LEVEL' },
  { variable: 'CORS_ORIGINS' },
  { variable: 'DB_POOL_MAX' },
  { variable: 'RATE_LIMIT_PER_KEY' },
  { variable: 'RATE_LIMIT_PER_IP' },
  { variable: 'N8N_ENCRYPTION_KEY', required: true, secret: true, check: length(32) },
  { variable: 'N8N_OWNER_EMAIL', required: true, check: email },
  { variable: 'N8N_OWNER_PASSWORD', required: true, secret: true, check: n8nPassword },
  {
    variable: 'N8N_INSTANCE_OWNER_PASSWORD_HASH',
    required: true,
    secret: true,
    check: (v) =>
      /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(v)
        ? undefined
        : 'must be a bcrypt hash (empty it and run npm run deploy:env to derive it)',
  },
  { variable: 'N8N_LOG_LEVEL', check: oneOf(['error', 'warn', 'info', 'debug']) },
  { variable: 'N8N_WORKER_CONCURRENCY', check: wholeNumber(1) },
  { variable: 'CHRONOS_AGENT_CONFIG_FILE', check: (v) => (v.includes('\n') ? 'must be a file path' : undefined) },
  { variable: 'CHRONOS_AGENT_API_KEY_FILE', check: (v) => (v.includes('\n') ? 'must be a file path' : undefined) },
  {
    variable: 'CHRONOS_AGENT_HOST',
    check: (v) => (/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$/.test(v) ? undefined : 'must be a host name'),
  },
];

export const SECRET_VARIABLES = RULES.filter((r) => r.secret).map((r) => r.variable);

const value = (env: Vars, name: string) => env[name] ?? '';

/** A postgres:// or redis:// URL's parts, or undefined when it does not parse. */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function checkDatabaseUrl(env: Vars, variable: string, prefix: 'CHRONOS_DB' | 'N8N_DB'): Problem[] {
  const url = parseUrl(value(env, variable));
  // Not the bundled server (or no URL at all: admin-api's schema reports that): nothing to match.
  if (!url || url.hostname !== BUNDLED.postgres.host) return [];
  const fix = `(empty ${variable} and run npm run deploy:env to derive it again)`;
  const problems: Problem[] = [];
  if ((url.port || '5432') !== String(BUNDLED.postgres.port))
    problems.push({ variable, message: `must use port ${BUNDLED.postgres.port} of the postgres service` });
  const pairs: Array<[string, string, string]> = [
    [decodeURIComponent(url.username), `${prefix}_USER`, 'user'],
    [decodeURIComponent(url.password), `${prefix}_PASSWORD`, 'password'],
    [decodeURIComponent(url.pathname.slice(1)), `${prefix}_NAME`, 'database'],
  ];
  for (const [actual, other, part] of pairs) {
    if (value(env, other) !== '' && actual !== value(env, other))
      problems.push({ variable, message: `its ${part} differs from ${other} ${fix}` });
  }
  return problems;
}

function checkRedisUrl(env: Vars): Problem[] {
  const url = parseUrl(value(env, 'REDIS_URL'));
  if (!url || url.hostname !== BUNDLED.redis.host) return [];
  const problems: Problem[] = [];
  if (value(env, 'REDIS_PASSWORD') !== '' && decodeURIComponent(url.password) !== value(env, 'REDIS_PASSWORD'))
    problems.push({
      variable: 'REDIS_URL',
      message:
        'its password differs from REDIS_PASSWORD, the one Redis and n8n use (empty REDIS_URL and run npm run deploy:env to derive it again)',
    });
  if ((url.pathname.slice(1) || '0') === String(BUNDLED.redis.n8nDatabase))
    problems.push({
      variable: 'REDIS_URL',
      message: `uses Redis database ${BUNDLED.redis.n8nDatabase}, n8n's queue; use /${BUNDLED.redis.adminApiDatabase}`,
    });
  return problems;
}

function checkAcross(env: Vars): Problem[] {
  const problems: Problem[] = [
    ...checkDatabaseUrl(env, 'DATABASE_URL', 'CHRONOS_DB'),
    ...checkDatabaseUrl(env, 'BACKUP_N8N_DATABASE_URL', 'N8N_DB'),
    ...checkRedisUrl(env),
  ];
  const password = value(env, 'N8N_OWNER_PASSWORD');
  const hash = value(env, 'N8N_INSTANCE_OWNER_PASSWORD_HASH');
  if (password && /^\$2[aby]\$/.test(hash) && !bcrypt.compareSync(password, hash))
    problems.push({
      variable: 'N8N_INSTANCE_OWNER_PASSWORD_HASH',
      message: 'is not the hash of N8N_OWNER_PASSWORD (empty it and run npm run deploy:env to hash the password again)',
    });
  const cookie = value(env, 'N8N_SECURE_COOKIE') || 'true';
  if (cookie === 'true' && value(env, 'N8N_PUBLIC_URL').startsWith('http:'))
    problems.push({
      variable: 'N8N_SECURE_COOKIE',
      message:
        'is true while N8N_PUBLIC_URL is http://: browsers would drop the editor login cookie (use https through your proxy, or false for a trial on localhost)',
    });
  const distinct = (names: string[], what: string) => {
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [names[i]!, names[j]!];
        if (value(env, a) !== '' && value(env, a) === value(env, b))
          problems.push({ variable: b, message: `must differ from ${a} (${what})` });
      }
  };
  distinct(['ADMIN_API_HOST_PORT', 'N8N_HOST_PORT', 'N8N_WEBHOOK_HOST_PORT'], 'two services cannot publish one port');
  distinct(['CHRONOS_DB_NAME', 'N8N_DB_NAME'], 'each has its own database');
  distinct(['CHRONOS_DB_USER', 'N8N_DB_USER'], "n8n must not get Chronos's database role");
  distinct(['MINIO_ROOT_USER', 'BACKUP_S3_ACCESS_KEY'], 'backups must not use MinIO’s administrator');
  distinct(
    [
      'POSTGRES_PASSWORD',
      'CHRONOS_DB_PASSWORD',
      'N8N_DB_PASSWORD',
      'REDIS_PASSWORD',
      'MINIO_ROOT_PASSWORD',
      'BACKUP_S3_SECRET_KEY',
      'JWT_SECRET',
      'CHRONOS_ENCRYPTION_KEY',
      'N8N_ENCRYPTION_KEY',
    ],
    'one leaked secret must not open a second door',
  );
  for (const user of ['CHRONOS_DB_USER', 'N8N_DB_USER'])
    if (value(env, user) === 'postgres')
      problems.push({ variable: user, message: 'must not be postgres, the superuser' });
  return problems;
}

/** Required values, per-variable formats and cross-field consistency of docker/.env's values. */
export function checkVariables(env: Vars): Problem[] {
  const problems: Problem[] = [];
  for (const rule of RULES) {
    const v = value(env, rule.variable);
    if (v === '') {
      if (rule.required)
        problems.push({
          variable: rule.variable,
          message: 'is not set (npm run deploy:env fills generated and derived values)',
        });
      continue;
    }
    const message = rule.check?.(v);
    if (message) problems.push({ variable: rule.variable, message });
  }
  return [...problems, ...checkAcross(env)];
}

/** admin-api's own validation (admin-api/src/config.ts) of the environment it will get. */
export function checkAdminApi(adminApiEnv: Vars): Problem[] {
  try {
    loadConfig({ ...adminApiEnv } as NodeJS.ProcessEnv);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => {
      const space = problem.indexOf(' ');
      return {
        variable: space < 0 ? problem : problem.slice(0, space),
        message: `${space < 0 ? 'is invalid' : problem.slice(space + 1)} (admin-api)`,
      };
    });
  }
}

/** Defence in depth: no message may carry a secret's value, whatever produced it. */
export function withoutSecrets(problems: Problem[], env: Vars): Problem[] {
  const secrets = SECRET_VARIABLES.map((name) => value(env, name)).filter((v) => v.length >= 6);
  return problems.map((p) => ({
    variable: p.variable,
    message: secrets.reduce((message, secret) => message.split(secret).join('***'), p.message),
  }));
}

/** One problem per variable and message, in the order found. */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
