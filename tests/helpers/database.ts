// Each test file gets its own database, cloned from the migrated template that
// scripts/test.ts prepared: cheap (a file copy inside PostgreSQL) and fully isolated.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

function adminUrl(): string {
  const url = process.env.CHRONOS_TEST_PG_ADMIN_URL;
  if (!url) throw new Error('CHRONOS_TEST_PG_ADMIN_URL is not set: run the tests with `npm test`');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file. `template: false` gives an empty one. */
export async function createTestDatabase(options: { template?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template =
    options.template === false ? 'template0' : (process.env.CHRONOS_TEST_PG_TEMPLATE ?? 'chronos_template');
  await withAdmin((client) =>
    client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdmin(async (client) => {
        // pg's pool.end() resolves once it has *asked* its connections to close, not when they
        // are gone; forcing the drop at once would kill a closing connection, whose client then
        // throws "terminating connection due to administrator command" into whichever test is
        // running. So give the database's connections a moment to leave, then force the rest.
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }),
  };
}
