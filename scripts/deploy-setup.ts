// The compose service `setup` (docker/compose.yaml): runs once per start of the stack, after
// config-check and before any admin-api replica, with `node scripts/deploy-setup.ts`.
//   1. applies pending migrations (replicas then start with MIGRATE_ON_START=false and only
//      verify the schema, so several replicas never race to migrate);
//   2. creates the first console administrator from CHRONOS_ADMIN_EMAIL and
//      CHRONOS_ADMIN_PASSWORD (docker/.env) when no administrator exists yet.
// Idempotent: with the schema current and an administrator in place it changes nothing.
// The password is never printed: the operator reads it from docker/.env.
// (`npm start` does the same for the local stack in scripts/start.ts.)
import pg from 'pg';
import { migrate } from '../admin-api/src/db/migrations.ts';
import { redactUrl } from '../admin-api/src/logger.ts';
import { bootstrapFirstAdmin, type BootstrapResult } from '../admin-api/src/modules/users/bootstrap-admin.ts';
import { migrationsDir } from './lib/paths.ts';

export type SetupResult = { schemaVersion: number; applied: number; admin: BootstrapResult };

export async function runDeploySetup(options: {
  databaseUrl: string;
  adminEmail: string;
  adminPassword: string;
  migrationsDir?: string;
  log?: (message: string) => void;
}): Promise<SetupResult> {
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'chronos-setup' });
  await client.connect();
  try {
    const result = await migrate(client, options.migrationsDir ?? migrationsDir, options.log);
    const admin = await bootstrapFirstAdmin(client, { email: options.adminEmail, password: options.adminPassword });
    return { schemaVersion: result.version, applied: result.applied.length, admin };
  } finally {
    await client.end();
  }
}

if (import.meta.main) {
  const say = (message: string) => process.stdout.write(`setup: ${message}\n`);
  const missing = ['DATABASE_URL', 'CHRONOS_ADMIN_EMAIL', 'CHRONOS_ADMIN_PASSWORD'].filter((n) => !process.env[n]);
  if (missing.length) {
    process.stderr.write(`setup: ${missing.join(', ')} not set (docker/.env, npm run deploy:env)\n`);
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL!;
  try {
    const { schemaVersion, applied, admin } = await runDeploySetup({
      databaseUrl,
      adminEmail: process.env.CHRONOS_ADMIN_EMAIL!,
      adminPassword: process.env.CHRONOS_ADMIN_PASSWORD!,
      log: say,
    });
    say(`schema of ${redactUrl(databaseUrl)} at version ${schemaVersion} (${applied} applied now)`);
    say(
      admin.created
        ? `first administrator ${admin.email} created with CHRONOS_ADMIN_PASSWORD from docker/.env: sign in at /admin/ and change it`
        : `administrator ${admin.email} exists; CHRONOS_ADMIN_PASSWORD is not used (lost password: docs/install.md)`,
    );
  } catch (error) {
    process.stderr.write(`setup: failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
