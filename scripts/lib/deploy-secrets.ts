// Which docker/.env values `npm run deploy:env` generates or derives, and how. Random values
// come from node:crypto's CSPRNG, each in the format its consumer needs:
//   - passwords: 32 letters and digits (~190 bits), safe in URLs, shells and .env files
//     without quoting or escaping;
//   - keys: hex or base64url of 32–48 random bytes;
//   - the admin password: admin-api's own generator, so it meets the console's password rule.
// Derived values (connection URLs, the n8n owner's bcrypt hash) are built from the values they
// must agree with; scripts/check-config.ts verifies that they still do.
import bcrypt from 'bcryptjs';
import { randomBytes, randomInt } from 'node:crypto';
import { generatePassword } from '../../admin-api/src/modules/users/password-policy.ts';

/** Where docker/compose.yaml runs PostgreSQL and Redis (service names on its network). */
export const BUNDLED = {
  postgres: { host: 'postgres', port: 5432 },
  // n8n's queue uses Redis database 0; admin-api's rate limits use 1.
  redis: { host: 'redis', port: 6379, adminApiDatabase: 1, n8nDatabase: 0 },
} as const;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniformly random letters and digits. */
export function randomPassword(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** n8n's password rule: 8–64 characters with a digit and an upper-case letter. */
function n8nOwnerPassword(): string {
  for (;;) {
    const candidate = randomPassword(24);
    if (/[0-9]/.test(candidate) && /[A-Z]/.test(candidate) && /[a-z]/.test(candidate)) return candidate;
  }
}

export type Generated = { name: string; generate: () => string };

export const GENERATED: Generated[] = [
  { name: 'POSTGRES_PASSWORD', generate: () => randomPassword() },
  { name: 'CHRONOS_DB_PASSWORD', generate: () => randomPassword() },
  { name: 'N8N_DB_PASSWORD', generate: () => randomPassword() },
  { name: 'REDIS_PASSWORD', generate: () => randomPassword() },
  { name: 'MINIO_ROOT_PASSWORD', generate: () => randomPassword() },
  { name: 'BACKUP_S3_SECRET_KEY', generate: () => randomPassword() },
  { name: 'JWT_SECRET', generate: () => randomBytes(48).toString('base64url') },
  { name: 'CHRONOS_ENCRYPTION_KEY', generate: () => randomBytes(32).toString('hex') },
  { name: 'CHRONOS_ADMIN_PASSWORD', generate: generatePassword },
  { name: 'N8N_ENCRYPTION_KEY', generate: () => randomBytes(32).toString('hex') },
  { name: 'N8N_OWNER_PASSWORD', generate: n8nOwnerPassword },
];

/** bcrypt cost of the n8n owner's hash (n8n verifies it at every editor login). */
export const OWNER_HASH_COST = 12;

export function postgresUrl(user: string, password: string, database: string): string {
  const { host, port } = BUNDLED.postgres;
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

export function redisUrl(password: string): string {
  const { host, port, adminApiDatabase } = BUNDLED.redis;
  return `redis://:${encodeURIComponent(password)}@${host}:${port}/${adminApiDatabase}`;
}

type Values = ReadonlyMap<string, string>;

export type Derived = {
  name: string;
  /** The variables it is built from; it is derived only when all of them have a value. */
  from: string[];
  derive: (values: Values) => string;
};

const get = (values: Values, name: string) => values.get(name) ?? '';

export const DERIVED: Derived[] = [
  {
    name: 'DATABASE_URL',
    from: ['CHRONOS_DB_USER', 'CHRONOS_DB_PASSWORD', 'CHRONOS_DB_NAME'],
    derive: (v) => postgresUrl(get(v, 'CHRONOS_DB_USER'), get(v, 'CHRONOS_DB_PASSWORD'), get(v, 'CHRONOS_DB_NAME')),
  },
  {
    name: 'BACKUP_N8N_DATABASE_URL',
    from: ['N8N_DB_USER', 'N8N_DB_PASSWORD', 'N8N_DB_NAME'],
    derive: (v) => postgresUrl(get(v, 'N8N_DB_USER'), get(v, 'N8N_DB_PASSWORD'), get(v, 'N8N_DB_NAME')),
  },
  { name: 'REDIS_URL', from: ['REDIS_PASSWORD'], derive: (v) => redisUrl(get(v, 'REDIS_PASSWORD')) },
  {
    name: 'N8N_INSTANCE_OWNER_PASSWORD_HASH',
    from: ['N8N_OWNER_PASSWORD'],
    derive: (v) => bcrypt.hashSync(get(v, 'N8N_OWNER_PASSWORD'), OWNER_HASH_COST),
  },
];

export type FillResult = { values: Map<string, string>; generated: string[]; derived: string[] };

/**
 * Fills the empty ones among `names` (the variables the file has): generated values first, then
 * the derived ones from the result. A value that is set is never replaced.
 */
export function fillValues(current: Values, names: ReadonlySet<string>): FillResult {
  const values = new Map(current);
  const generated: string[] = [];
  const derived: string[] = [];
  for (const { name, generate } of GENERATED) {
    if (names.has(name) && get(values, name) === '') {
      values.set(name, generate());
      generated.push(name);
    }
  }
  for (const { name, from, derive } of DERIVED) {
    if (names.has(name) && get(values, name) === '' && from.every((f) => get(values, f) !== '')) {
      values.set(name, derive(values));
      derived.push(name);
    }
  }
  return { values, generated, derived };
}
