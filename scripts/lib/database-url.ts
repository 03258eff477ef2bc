// The database the CLI scripts work on: DATABASE_URL when set, else the local stack's
// embedded PostgreSQL (which must be running, i.e. `npm start` in another terminal).
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { dataDir } from './paths.ts';

export function cliDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? localDatabaseUrl('chronos');
}

/** A database of the local stack's embedded PostgreSQL (`chronos`, or n8n's `n8n`). */
export function localDatabaseUrl(name: string): string {
  const secrets = loadOrCreateLocalSecrets(dataDir);
  const port = process.env.CHRONOS_PG_PORT || '5433';
  return `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/${name}`;
}
