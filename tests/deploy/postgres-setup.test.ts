// The database side of docker/compose.yaml against the real test PostgreSQL: the init script
// (docker/postgres-init/10-chronos-n8n.sh, run with psql as the postgres image runs it) creates
// both roles and databases; the Chronos role — not a superuser — can then run every migration
// and create scratch databases; each role is shut out of the other's database; and the setup
// one-shot (scripts/deploy-setup.ts) migrates and creates the first administrator once,
// printing no password.
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runDeploySetup } from '../../scripts/deploy-setup.ts';
import { randomPassword } from '../../scripts/lib/deploy-secrets.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const adminUrl = () => {
  const url = process.env.CHRONOS_TEST_PG_ADMIN_URL;
  if (!url) throw new Error('CHRONOS_TEST_PG_ADMIN_URL is not set: run the tests with `npm test`');
  return new URL(url);
};

// Roles and databases are cluster-wide and test files run in parallel: unique names.
const suffix = randomBytes(4).toString('hex');
const names = {
  CHRONOS_DB_NAME: `chronos_${suffix}`,
  CHRONOS_DB_USER: `chronos_${suffix}`,
  CHRONOS_DB_PASSWORD: randomPassword(),
  N8N_DB_NAME: `n8n_${suffix}`,
  N8N_DB_USER: `n8n_${suffix}`,
  N8N_DB_PASSWORD: randomPassword(),
};
const ADMIN_EMAIL = `admin-${suffix}@example.com`;
const ADMIN_PASSWORD = 'First#Admin-Password-2025';

function urlFor(user: string, password: string, database: string): string {
  const url = adminUrl();
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}
const chronosUrl = (database = names.CHRONOS_DB_NAME) =>
  urlFor(names.CHRONOS_DB_USER, names.CHRONOS_DB_PASSWORD, database);
const n8nUrl = (database = names.N8N_DB_NAME) => urlFor(names.N8N_DB_USER, names.N8N_DB_PASSWORD, database);

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function connectError(url: string): Promise<string> {
  try {
    await query(url, 'SELECT 1');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

before(() => {
  const admin = adminUrl();
  // psql as the postgres image's entrypoint runs it, pointed at the test server through PG*.
  const run = spawnSync('sh', [path.join(repoRoot, 'docker', 'postgres-init', '10-chronos-n8n.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      PGHOST: admin.hostname,
      PGPORT: admin.port,
      PGPASSWORD: decodeURIComponent(admin.password),
      POSTGRES_USER: decodeURIComponent(admin.username),
      ...names,
    },
  });
  assert.equal(run.status, 0, `init script failed: ${run.stderr}`);
  // No password in what psql printed.
  assert.ok(!`${run.stdout}${run.stderr}`.includes(names.CHRONOS_DB_PASSWORD));
});

after(async () => {
  const admin = adminUrl().toString();
  for (const database of [names.CHRONOS_DB_NAME, names.N8N_DB_NAME, `scratch_${suffix}`])
    await query(admin, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  for (const role of [names.CHRONOS_DB_USER, names.N8N_DB_USER])
    await query(admin, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
});

describe('PostgreSQL for the compose stack', () => {
  it('creates two owned databases, each closed to the other role, neither role a superuser', async () => {
    const roles = await query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean }>(
      adminUrl().toString(),
      'SELECT rolname, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname',
      [[names.CHRONOS_DB_USER, names.N8N_DB_USER]],
    );
    assert.deepEqual(roles, [
      { rolname: names.CHRONOS_DB_USER, rolsuper: false, rolcreatedb: true },
      { rolname: names.N8N_DB_USER, rolsuper: false, rolcreatedb: false },
    ]);
    const owners = await query<{ datname: string; owner: string }>(
      adminUrl().toString(),
      'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
      [[names.CHRONOS_DB_NAME, names.N8N_DB_NAME]],
    );
    assert.deepEqual(owners, [
      { datname: names.CHRONOS_DB_NAME, owner: names.CHRONOS_DB_USER },
      { datname: names.N8N_DB_NAME, owner: names.N8N_DB_USER },
    ]);
    assert.equal(await connectError(chronosUrl()), '');
    assert.equal(await connectError(n8nUrl()), '');
    assert.match(await connectError(n8nUrl(names.CHRONOS_DB_NAME)), /permission denied for database/);
    assert.match(await connectError(chronosUrl(names.N8N_DB_NAME)), /permission denied for database/);
  });

  it('setup migrates as the Chronos role and creates the first administrator once', async () => {
    const first = await runDeploySetup({
      databaseUrl: chronosUrl(),
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
    });
    assert.ok(first.applied > 0 && first.schemaVersion === first.applied, 'every migration applied');
    assert.deepEqual(first.admin, { created: true, email: ADMIN_EMAIL });
    const [admin] = await query<{ password_hash: string; role: string }>(
      chronosUrl(),
      'SELECT password_hash, role FROM admin_users WHERE email = $1',
      [ADMIN_EMAIL],
    );
    assert.equal(admin!.role, 'admin');
    assert.ok(bcrypt.compareSync(ADMIN_PASSWORD, admin!.password_hash));

    // The compose service runs the same as a process; a second run changes nothing.
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'deploy-setup.ts')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: chronosUrl(),
        CHRONOS_ADMIN_EMAIL: 'someone-else@example.com',
        CHRONOS_ADMIN_PASSWORD: 'Another#Password-2025',
      },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\(0 applied now\)/);
    assert.match(run.stdout, new RegExp(`administrator ${ADMIN_EMAIL} exists`));
    assert.ok(!run.stdout.includes('Another#Password-2025') && !run.stdout.includes(names.CHRONOS_DB_PASSWORD));
    const admins = await query(chronosUrl(), `SELECT 1 FROM admin_users WHERE role = 'admin'`);
    assert.equal(admins.length, 1);
  });

  it('lets the Chronos role create scratch databases (restore checks)', async () => {
    await query(chronosUrl('postgres'), `CREATE DATABASE ${pg.escapeIdentifier(`scratch_${suffix}`)}`);
    await query(chronosUrl('postgres'), `DROP DATABASE ${pg.escapeIdentifier(`scratch_${suffix}`)}`);
  });

  it('setup refuses to start without its variables, naming them', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'deploy-setup.ts')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: chronosUrl() },
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /CHRONOS_ADMIN_EMAIL, CHRONOS_ADMIN_PASSWORD not set/);
  });
});
