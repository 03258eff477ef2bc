import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { migrate, MigrationError, readMigrationFiles, schemaStatus } from './migrations.ts';

function migrationDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

const first = {
  '0001_create_things.sql': 'CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL);',
  '0002_seed_things.sql': "INSERT INTO things VALUES (1, 'one');",
};
const later = {
  '0003_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE slow (id int);',
  '0004_count.sql': "INSERT INTO things VALUES (4, 'four');",
};

describe('migration runner', () => {
  let database: TestDatabase;
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  before(async () => {
    database = await createTestDatabase({ template: false });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await database.drop();
  });

  it('applies migrations in order and records them; a second run does nothing', async () => {
    const client = await connect();
    const dir = migrationDir(first);
    const firstRun = await migrate(client, dir);
    assert.deepEqual(
      firstRun.applied.map((m) => m.version),
      [1, 2],
    );
    const secondRun = await migrate(client, dir);
    assert.deepEqual(secondRun.applied, []);
    const rows = await client.query('SELECT version, name FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.rows, [
      { version: 1, name: 'create_things' },
      { version: 2, name: 'seed_things' },
    ]);
    assert.equal((await client.query('SELECT count(*)::int AS n FROM things')).rows[0].n, 1);
  });

  it('lets two processes migrate at once, applying each migration exactly once', async () => {
    const dir = migrationDir({ ...first, ...later });
    const [a, b] = [await connect(), await connect()];
    const [ra, rb] = await Promise.all([migrate(a, dir), migrate(b, dir)]);
    const appliedVersions = [...ra.applied, ...rb.applied].map((m) => m.version).sort();
    assert.deepEqual(appliedVersions, [3, 4]);
    assert.equal((await a.query('SELECT count(*)::int AS n FROM things')).rows[0].n, 2);
  });

  it('rolls a failing migration back completely and reports which file failed', async () => {
    const dir = migrationDir({
      ...first,
      ...later,
      '0005_broken.sql': 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
    });
    const client = await connect();
    await assert.rejects(migrate(client, dir), (error: Error) => {
      assert.ok(error instanceof MigrationError);
      assert.match(error.message, /0005_broken\.sql failed: .*no_such_table/);
      return true;
    });
    const table = await client.query(`SELECT to_regclass('half_done') AS t`);
    assert.equal(table.rows[0].t, null, 'the failed migration left a table behind');
    const status = await schemaStatus(client, dir);
    assert.equal(status.current, 4);
    assert.deepEqual(
      status.pending.map((m) => m.version),
      [5],
    );
  });

  it('refuses a database that is newer than the code', async () => {
    const client = await connect();
    await client.query(
      `INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES (9999, 'from_the_future', 'x', 0)`,
    );
    const dir = migrationDir(first);
    await assert.rejects(schemaStatus(client, dir), /database is at schema version 9999 .* only knows up to 2/);
    await assert.rejects(migrate(client, dir), MigrationError);
    await client.query('DELETE FROM schema_migrations WHERE version = 9999');
  });

  it('refuses a migration file that was edited after it was applied', async () => {
    const client = await connect();
    const dir = migrationDir({ ...first, ...later, '0002_seed_things.sql': "INSERT INTO things VALUES (2, 'two');" });
    await assert.rejects(migrate(client, dir), /0002_seed_things\.sql was changed after it was applied/);
  });

  it('validates file names and duplicate versions', () => {
    assert.throws(() => readMigrationFiles(migrationDir({ '1_bad.sql': '' })), /does not match NNNN_name\.sql/);
    assert.throws(
      () => readMigrationFiles(migrationDir({ '0001_a.sql': '', '0001_b.sql': '' })),
      /two migration files share version 0001/,
    );
  });
});
