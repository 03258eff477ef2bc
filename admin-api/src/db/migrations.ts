// The schema migration runner. Migrations are plain SQL files `NNNN_name.sql` in
// migrations/, applied in version order, each in its own transaction, each recorded in
// schema_migrations with a checksum. A session-level advisory lock makes concurrent runs
// (two replicas starting at once) take turns; the second finds nothing left to do.
//
// Why not a library: node-pg-migrate and postgrator cover ordering and locking, but not the
// two checks this project needs at start-up — refusing a database that is *newer* than the
// code, and refusing a migration file that was edited after it was applied — and both want
// their own file format. What is left is ~100 lines of plain, tested code.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

/** Arbitrary constant: the advisory lock key that serialises migration runs. */
const MIGRATION_LOCK_KEY = 7_420_260_001;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export type MigrationFile = { version: number; name: string; file: string; checksum: string; sql: string };
export type AppliedMigration = { version: number; name: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations: MigrationFile[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file name ${file} does not match NNNN_name.sql`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    const version = Number(match[1]);
    const previous = migrations.at(-1);
    if (previous && previous.version === version) {
      throw new MigrationError(`two migration files share version ${match[1]}: ${previous.file} and ${file}`);
    }
    migrations.push({ version, name: match[2]!, file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

async function readApplied(client: pg.ClientBase): Promise<AppliedMigration[] | null> {
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return null;
  const result = await client.query<AppliedMigration>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return result.rows;
}

/**
 * Compares the database with the migration files. Throws when the database is newer than
 * the code or when an applied migration's file changed; returns the pending migrations.
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const latestKnown = files.at(-1)?.version ?? 0;
  const newest = applied.at(-1);
  if (newest && newest.version > latestKnown) {
    throw new MigrationError(
      `the database is at schema version ${newest.version} (${newest.name}) but this code only knows up to ${latestKnown}: ` +
        'it was migrated by a newer Chronos; run that version or restore a matching backup',
    );
  }
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `migration ${row.version} (${row.name}) is recorded in the database but its file is missing`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.file} was changed after it was applied; applied migrations must never be edited (add a new one)`,
      );
    }
  }
  const appliedVersions = new Set(applied.map((a) => a.version));
  const pending = files.filter((f) => !appliedVersions.has(f.version));
  const maxApplied = Math.max(0, ...appliedVersions);
  const outOfOrder = pending.find((f) => f.version < maxApplied);
  if (outOfOrder) {
    throw new MigrationError(`migration ${outOfOrder.file} is older than the newest applied migration (${maxApplied})`);
  }
  return pending;
}

export type MigrateResult = { applied: MigrationFile[]; version: number };

/** Applies every pending migration. Safe to run twice and from two processes at once. */
export async function migrate(
  client: pg.ClientBase,
  dir: string,
  log: (message: string) => void = () => undefined,
): Promise<MigrateResult> {
  const files = readMigrationFiles(dir);
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`);
    const pending = planMigrations(files, (await readApplied(client)) ?? []);
    for (const migration of pending) {
      const started = performance.now();
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)',
          [migration.version, migration.name, migration.checksum, Math.round(performance.now() - started)],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${migration.file} failed: ${(error as Error).message}`);
      }
      log(`applied migration ${migration.file}`);
    }
    return { applied: pending, version: files.at(-1)?.version ?? 0 };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

export type SchemaStatus = { current: number; latest: number; pending: MigrationFile[] };

/** Read-only check for start-up: how far the database is, without changing anything. */
export async function schemaStatus(client: pg.ClientBase, dir: string): Promise<SchemaStatus> {
  const files = readMigrationFiles(dir);
  const applied = (await readApplied(client)) ?? [];
  const pending = planMigrations(files, applied);
  return { current: Math.max(0, ...applied.map((a) => a.version)), latest: files.at(-1)?.version ?? 0, pending };
}
