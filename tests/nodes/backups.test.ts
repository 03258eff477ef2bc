// The Chronos node's backup resource against a real admin-api writing to a local folder:
// create and wait → verify → download gives a ZIP whose SHA-256 is the record's checksum;
// get/getAll; prune as a dry run; a restore check waited for; errors shown.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { binaryBuffer, runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

type Json = Record<string, unknown>;

describe('Chronos node: backup', () => {
  let database: TestDatabase;
  let api: TestApi;
  let folder: string;
  let credentials: HarnessCredentials;
  let backupId: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-node-backups-'));
    const pool = new pg.Pool({ connectionString: database.url });
    const key = (await createApiKey(pool, { name: 'backups', scopes: ['backups.manage'] })).key;
    const admin = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;
    await pool.end();
    const current = (await request(api.url, 'GET', '/api/v1/settings/backup', { token: admin })).body.value;
    const saved = await request(api.url, 'PUT', '/api/v1/settings/backup', {
      token: admin,
      body: { value: { ...current, target: 'folder', folder_path: folder }, secrets: {} },
    });
    assert.equal(saved.status, 200, saved.text);
    credentials = { baseUrl: api.url, apiKey: key };
  });
  after(async () => {
    await api.close();
    await database.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const run = (parameters: Json, continueOnFail = false) =>
    runChronosNode({ credentials, parameters: { resource: 'backup', ...parameters }, continueOnFail });

  it('creates a backup and waits for it, verifies it, downloads the ZIP with the recorded SHA-256', async () => {
    const created = await run({ operation: 'create', waitForCompletion: true, timeoutMinutes: 2 });
    assert.equal(created.error, undefined, created.error?.message);
    const record = created.items[0]!.json;
    assert.equal(record.status, 'completed', String(record.error));
    assert.match(String(record.sha256), /^[0-9a-f]{64}$/);
    backupId = String(record.id);

    const verified = await run({ operation: 'verify', id: backupId });
    assert.equal(verified.error, undefined, verified.error?.message);
    assert.equal(verified.items[0]!.json.verify_status, 'ok', JSON.stringify(verified.items[0]!.json));

    const downloaded = await run({ operation: 'download', id: backupId, binaryPropertyName: 'archive' });
    assert.equal(downloaded.error, undefined, downloaded.error?.message);
    const item = downloaded.items[0]!;
    assert.equal(item.binary?.archive?.mimeType, 'application/zip');
    assert.match(String(item.binary?.archive?.fileName), /\.zip$/);
    const bytes = await binaryBuffer(item, 'archive');
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP archive');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), record.sha256);
    assert.equal(item.json.size_bytes, record.size_bytes);
  });

  it('gets one and many, prunes as a dry run, runs a restore check to its end', async () => {
    const one = await run({ operation: 'get', id: backupId });
    assert.equal(one.items[0]!.json.id, backupId);
    const many = await run({ operation: 'getAll', returnAll: true, filters: { status: 'completed' } });
    assert.deepEqual(
      many.items.map((i) => i.json.id),
      [backupId],
    );
    const pruned = await run({ operation: 'prune', dryRun: true });
    assert.equal(pruned.error, undefined, pruned.error?.message);
    assert.equal(pruned.items[0]!.json.dry_run, true);
    assert.deepEqual(pruned.items[0]!.json.deleted, []);
    const check = await run({ operation: 'restoreCheck', id: backupId, waitForCompletion: true, timeoutMinutes: 2 });
    assert.equal(check.error, undefined, check.error?.message);
    assert.equal(check.items[0]!.json.backup_id, backupId);
    assert.equal(check.items[0]!.json.mode, 'check');
    assert.equal(check.items[0]!.json.status, 'completed', JSON.stringify(check.items[0]!.json));
  });

  it('shows errors: an unknown backup (404), a bad id (field error) with continue on fail', async () => {
    const missing = await run({ operation: 'get', id: randomUUID() });
    assert.equal(missing.error?.httpCode, '404');
    const bad = await run({ operation: 'download', id: 'nope' }, true);
    assert.equal(bad.items[0]!.json.httpCode, '400');
    assert.match(String(bad.items[0]!.json.description), /id: must be a UUID/);
  });
});
