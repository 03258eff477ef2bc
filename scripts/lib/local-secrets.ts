// Secrets of the *local* stack (embedded PostgreSQL password, n8n's encryption key and owner
// password), generated once with a CSPRNG and kept in the data folder with mode 600, so a
// restart finds the same database and the same n8n credentials. Production secrets come from
// the environment (docker/.env), never from here.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LocalSecrets = {
  postgresPassword: string;
  n8nEncryptionKey: string;
  n8nOwnerEmail: string;
  n8nOwnerPassword: string;
  /** admin-api's JWT_SECRET and CHRONOS_ENCRYPTION_KEY for the local stack. */
  jwtSecret: string;
  encryptionKey: string;
  /** n8n public-API key `npm start` minted for the workflow tooling (checked before reuse). */
  n8nApiKey?: string;
};

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'local-secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  const existing = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    postgresPassword: token(24),
    n8nEncryptionKey: token(32),
    n8nOwnerEmail: 'owner@chronos.local',
    // n8n's own password rule: 8+ characters with a number and an upper-case letter.
    n8nOwnerPassword: `N8n-${token(12)}-7`,
    jwtSecret: token(48),
    encryptionKey: randomBytes(32).toString('hex'),
    // Values generated earlier win: they guard data that already exists.
    ...existing,
  };
  if (Object.keys(secrets).length !== Object.keys(existing).length) {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** Stores one more value (e.g. a key `npm start` minted) next to the others, mode 600. */
export function storeLocalSecret<K extends keyof LocalSecrets>(dataDir: string, name: K, value: LocalSecrets[K]): void {
  const secrets = { ...loadOrCreateLocalSecrets(dataDir), [name]: value };
  fs.writeFileSync(path.join(dataDir, 'local-secrets.json'), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}
