// `npm run migrate [-- status]`: applies pending schema migrations (or shows where the
// database stands) on DATABASE_URL, or on the local stack's database.
import pg from 'pg';
import { migrate, schemaStatus } from '../admin-api/src/db/migrations.ts';
import { redactUrl } from '../admin-api/src/logger.ts';
import { cliDatabaseUrl } from './lib/database-url.ts';
import { migrationsDir } from './lib/paths.ts';

const url = cliDatabaseUrl();
const client = new pg.Client({ connectionString: url });
try {
  await client.connect();
} catch (error) {
  console.error(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  console.error('set DATABASE_URL, or start the local stack with `npm start` first');
  process.exit(1);
}
try {
  if (process.argv[2] === 'status') {
    const status = await schemaStatus(client, migrationsDir);
    console.log(
      `schema version ${status.current} of ${status.latest}; pending: ${status.pending.map((m) => m.file).join(', ') || 'none'}`,
    );
  } else {
    const result = await migrate(client, migrationsDir, (m) => console.log(m));
    console.log(`schema at version ${result.version} (${result.applied.length} applied now)`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await client.end();
}
