// `npm run backup` (scripts/backup.ts) as a real process on a test database: create with plain
// progress lines, verify, list, then restore-live — refused without the confirmation flag,
// and with it: the live database is replaced by the backup's data (a row written after the
// backup is gone), the previous one is kept read-only for rollback, and the restore is
// recorded in the restored database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/api.ts';
import { createTestDatabase, databaseUrl, type TestDatabase } from '../helpers/database.ts';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/backup.ts'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('backup CLI', () => {
  let database: TestDatabase;
  let folder: string;
  let env: Record<string, string>;
  let backupId: string;
  let previous: string | undefined;

  before(async () => {
    database = await createTestDatabase();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-cli-backups-'));
    env = { DATABASE_URL: database.url, CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent' };
    await query(database.url, `INSERT INTO settings (id, category, value) VALUES ('backup', 'backup', $1::jsonb)`, [
      JSON.stringify({ target: 'folder', folder_path: folder }),
    ]);
    await query(database.url, `INSERT INTO notes (text) VALUES ('written before the backup')`);
  });
  after(async () => {
    if (previous)
      await query(databaseUrl('postgres'), `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(previous)} WITH (FORCE)`);
    await database.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('create runs a backup with plain progress lines, verify and list see it', async () => {
    const created = await cli(['create', '--kind', 'daily'], env);
    assert.equal(created.code, 0, created.out);
    assert.match(created.out, /^dump_chronos \d+% /m);
    const id = /backup ([0-9a-f-]{36}) completed/.exec(created.out)?.[1];
    assert.ok(id, created.out);
    backupId = id;
    const verified = await cli(['verify', backupId], env);
    assert.equal(verified.code, 0, verified.out);
    assert.match(verified.out, /ok {3}chronos\.dump/);
    const listed = await cli(['list'], env);
    assert.match(listed.out, new RegExp(`${backupId}.*daily\\s+completed`));
  });

  it('restore-live needs --confirm-live-restore', async () => {
    const refused = await cli(['restore-live', backupId], env);
    assert.equal(refused.code, 2);
    assert.match(refused.out, /--confirm-live-restore/);
    assert.equal((await query(database.url, 'SELECT 1')).length, 1);
  });

  it('restore-live replaces the live database with the backup, keeps the old one read-only, records it', async () => {
    await query(database.url, `INSERT INTO notes (text) VALUES ('written after the backup')`);
    const restored = await cli(['restore-live', backupId, '--confirm-live-restore'], env);
    assert.equal(restored.code, 0, restored.out);
    previous = /previous database is (\S+)/.exec(restored.out)?.[1];
    assert.ok(previous, restored.out);
    assert.match(restored.out, /ok {3}row_counts/);
    assert.match(restored.out, /ok {3}audit_chain/);

    const texts = (await query<{ text: string }>(database.url, 'SELECT text FROM notes ORDER BY text')).map(
      (r) => r.text,
    );
    assert.deepEqual(texts, ['written before the backup']);
    // The restored database takes writes; the backup it came from is recorded as completed.
    await query(database.url, `INSERT INTO notes (text) VALUES ('written after the restore')`);
    const [backup] = await query<{ status: string; sha256: string }>(
      database.url,
      'SELECT status, sha256 FROM backups WHERE id = $1',
      [backupId],
    );
    assert.equal(backup!.status, 'completed');
    assert.match(backup!.sha256, /^[0-9a-f]{64}$/);
    const [restore] = await query<{ mode: string; status: string; details: { checks: Array<{ ok: boolean }> } }>(
      database.url,
      'SELECT mode, status, details FROM backup_restores',
    );
    assert.equal(restore!.mode, 'live');
    assert.equal(restore!.status, 'completed');
    assert.ok(restore!.details.checks.length >= 4 && restore!.details.checks.every((c) => c.ok));
    assert.equal((await query(database.url, 'SELECT * FROM audit_verify()')).length, 0);
    const [audit] = await query<{ action: string }>(
      database.url,
      `SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(audit!.action, 'restore_live');

    // The previous database is kept as it was, read-only by default.
    const old = databaseUrl(previous);
    const oldTexts = (await query<{ text: string }>(old, 'SELECT text FROM notes ORDER BY text')).map((r) => r.text);
    assert.deepEqual(oldTexts, ['written after the backup', 'written before the backup']);
    const [readOnly] = await query<{ default_transaction_read_only: string }>(
      old,
      'SHOW default_transaction_read_only',
    );
    assert.equal(readOnly!.default_transaction_read_only, 'on');
  });
});
