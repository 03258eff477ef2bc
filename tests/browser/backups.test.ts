// Backups in the browser: "back up now" follows the running backup with a progress bar until
// it completes (the row is completed in the database and the archive is in the folder), then
// verify, restore check, download (fetched with the session token) and delete from the show
// page; a viewer sees the backups without any of these buttons. pg_dump is wrapped to take a
// couple of seconds, so the progress bar is really on screen while the backup runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';

const SLOW_DUMP_SECONDS = 2;

/** A bin dir whose pg tools are the real ones, pg_dump first waiting a little. */
function slowPgBinDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-pg-bin-'));
  for (const tool of ['pg_dump', 'pg_dumpall', 'pg_restore', 'psql']) {
    const real = execFileSync('sh', ['-c', `command -v ${tool} || true`], { encoding: 'utf8' }).trim();
    if (!real) continue;
    const delay = tool === 'pg_dump' ? `sleep ${SLOW_DUMP_SECONDS}\n` : '';
    fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\n${delay}exec ${real} "$@"\n`, { mode: 0o755 });
  }
  return dir;
}

describe('console: backups', () => {
  let env: ConsoleEnv;
  let folder: string;
  let binDir: string;
  let backupId: string;

  before(async () => {
    binDir = slowPgBinDir();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-console-backups-'));
    env = await startConsoleEnv({ BACKUP_PG_BIN_DIR: binDir, BACKUP_PROGRESS_INTERVAL_MS: '100' });
    const saved = await env.call('PUT', '/api/v1/settings/backup', {
      value: { target: 'folder', folder_path: folder },
      secrets: {},
    });
    assert.equal(saved.status, 200, saved.text);
  });
  after(async () => {
    await env?.close();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(binDir, { recursive: true, force: true });
  });

  it('backs up now, following the progress until the backup is complete', async () => {
    const page = await env.open({ hash: '/backups' });
    await page.getByTestId('empty-state').waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const progress = page.getByTestId('backup-progress');
    await progress.waitFor();
    assert.equal(await progress.getByRole('progressbar').count(), 1);
    const result = page.getByTestId('backup-result');
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /The backup is complete: [\d.,]+ (B|KB|MB)/);

    const { rows } = await env.pool.query<{ id: string; status: string; object_key: string; size_bytes: string }>(
      'SELECT id, status, object_key, size_bytes FROM backups',
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'completed');
    backupId = rows[0]!.id;
    assert.deepEqual(fs.readdirSync(folder), [rows[0]!.object_key]);
    assert.equal(fs.statSync(path.join(folder, rows[0]!.object_key)).size, Number(rows[0]!.size_bytes));

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('cell', { name: 'Completed' }).waitFor();
  });

  it('verifies the backup and runs a restore check from its page', async () => {
    const page = await env.open({ hash: `/backups/${backupId}/show` });
    await page.getByRole('button', { name: 'Verify' }).click();
    const verified = page.getByTestId('verify-result');
    await verified.waitFor({ timeout: 30_000 });
    assert.match(await verified.innerText(), /match their recorded SHA-256/);
    const { rows } = await env.pool.query('SELECT verify_status FROM backups WHERE id = $1', [backupId]);
    assert.equal(rows[0].verify_status, 'ok');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Intact').waitFor();

    await page.getByRole('button', { name: 'Restore check' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore check' }).click();
    const restored = page.getByTestId('restore-result');
    await restored.waitFor({ timeout: 60_000 });
    assert.match(await restored.innerText(), /Every check passed/);
    const restores = await env.pool.query('SELECT status, mode FROM backup_restores WHERE backup_id = $1', [backupId]);
    assert.deepEqual(restores.rows, [{ status: 'completed', mode: 'check' }]);
    assert.equal(await page.getByRole('dialog').getByText('Audit chain').count(), 1);
    await page.getByRole('button', { name: 'Close' }).click();
    // The history on the page lists the check.
    await page.getByRole('cell', { name: 'check' }).waitFor();
  });

  it('downloads the archive with the session token', async () => {
    const page = await env.open({ hash: `/backups/${backupId}/show` });
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    const { rows } = await env.pool.query('SELECT object_key, size_bytes FROM backups WHERE id = $1', [backupId]);
    assert.equal(download.suggestedFilename(), rows[0].object_key);
    const saved = await download.path();
    assert.equal(fs.statSync(saved).size, Number(rows[0].size_bytes));
  });

  it('a viewer sees backups but no buttons to back up, verify, restore, download or delete', async () => {
    const page = await env.open({ role: 'viewer', hash: '/backups' });
    await page.getByRole('cell', { name: 'Completed' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Back up now' }).count(), 0);
    await page.getByRole('cell', { name: 'Completed' }).click();
    await page.getByText('SHA-256').first().waitFor();
    for (const name of ['Verify', 'Restore check', 'Download', 'Delete'])
      assert.equal(await page.getByRole('button', { name }).count(), 0, `viewer sees ${name}`);
  });

  it('deletes the archive; the record stays with status deleted', async () => {
    const page = await env.open({ hash: `/backups/${backupId}/show` });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('cell', { name: 'Deleted' }).waitFor();
    const { rows } = await env.pool.query('SELECT status FROM backups WHERE id = $1', [backupId]);
    assert.equal(rows[0].status, 'deleted');
    assert.deepEqual(fs.readdirSync(folder), []);
  });

  after(() => env?.assertNoConsoleErrors());
});
