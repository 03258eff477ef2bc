// The database the CLI scripts work on: DATABASE_URL when set, else the local stack's
// embedded PostgreSQL (which must be running, i.e. `npm start` in another terminal).
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { dataDir } from './paths.ts';

export function cliDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const secrets = loadOrCreateLocalSecrets(dataDir);
  const port = process.env.CHRONOS_PG_PORT || '5433';
  return `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/chronos`;
}
