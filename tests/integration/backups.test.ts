// Backups over HTTP against a real PostgreSQL and a real local S3 server (tests/helpers/s3.ts):
// create → progress → verify → restore check round trip with data equality, one at a time
// (409), download, a damaged object failing verify by file name, stale runs, events in the
// outbox, a failing pg_dump leaving nothing behind, the folder target, delete and prune.
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../admin-api/src/config.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { openArchive } from '../../admin-api/src/modules/backups/archive-reader.ts';
import * as backups from '../../admin-api/src/modules/backups/service.ts';
import { folderStorage } from '../../admin-api/src/modules/backups/storage-folder.ts';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, TEST_JWT_SECRET, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, databaseUrl, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { startLocalS3, type LocalS3 } from '../helpers/s3.ts';

const BUCKET = 'chronos-backups';
const PART_MB = 5;
const ENV = { BACKUP_S3_PART_SIZE_MB: String(PART_MB), BACKUP_PROGRESS_INTERVAL_MS: '25' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 120_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('backups', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let s3: LocalS3;
  let key: string;
  let adminKey: string;
  let folder: string;
  const notes: Array<{ id: string; text: string }> = [];

  before(async () => {
    database = await createTestDatabase();
    s3 = await startLocalS3({ buckets: [BUCKET] });
    api = await startTestApi(database.url, ENV);
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'backup operator', scopes: ['backups.manage'] })).key;
    adminKey = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-backups-'));
    // ~14 MB of text that does not compress much (random base64): the dump spans several
    // S3 parts of 5 MB, so the multipart path is what is tested.
    for (let i = 0; i < 150; i++) {
      const text = `note ${i} ${randomBytes(66_000).toString('base64')}`;
      const id = (
        await pool.query<{ id: string }>('INSERT INTO notes (text, tags) VALUES ($1, $2) RETURNING id', [
          text,
          [`n${i}`],
        ])
      ).rows[0]!.id;
      notes.push({ id, text });
    }
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://n8n.example.test/webhook/backups', '{backup.*}', $1, $2, 'test')`,
      [randomBytes(48), randomBytes(12)],
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await s3.close();
    await database.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const call = (method: string, url: string, body?: unknown, token = key) =>
    request(api.url, method, url, { token, body });
  const configure = (value: Json, secrets: Json = {}) =>
    call('PUT', '/api/v1/settings/backup', { value, secrets }, adminKey).then((r) =>
      assert.equal(r.status, 200, r.text),
    );
  const s3Setting = {
    target: 's3',
    bucket: BUCKET,
    access_key: 'S3RVER',
    force_path_style: true,
  };
  const finished = (id: string) =>
    until(`backup ${id}`, async () => {
      const r = await call('GET', `/api/v1/backups/${id}`);
      return r.body.status === 'running' ? undefined : (r.body as Json);
    });
  const outboxTypes = async (id: string) =>
    (
      await pool.query<{ event_type: string }>(
        'SELECT event_type FROM outbox WHERE entity_id = $1 ORDER BY created_at',
        [id],
      )
    ).rows.map((r) => r.event_type);

  it('refuses bad input with field errors, and a backup the setting cannot describe with 422', async () => {
    const kind = await call('POST', '/api/v1/backups', { kind: 'hourly' });
    assert.equal(kind.status, 400);
    assert.ok(kind.body.errors.kind);
    const prune = await call('POST', '/api/v1/backups/prune', { dry_run: 'yes' });
    assert.equal(prune.status, 400);
    assert.ok(prune.body.errors.dry_run);
    assert.equal((await call('GET', '/api/v1/backups/not-a-uuid')).status, 400);
    assert.equal((await call('GET', `/api/v1/backups/${crypto.randomUUID()}`)).status, 404);
    // Default setting: target s3 without endpoint.
    const unconfigured = await call('POST', '/api/v1/backups', {});
    assert.equal(unconfigured.status, 422, unconfigured.text);
    assert.ok(unconfigured.body.errors['backup.endpoint']);
    const events = await call(
      'GET',
      '/api/v1/backups',
      undefined,
      (await createApiKey(pool, { name: 'e', scopes: ['events.read'] })).key,
    );
    assert.equal(events.status, 403);
  });

  let first: Json;

  it('backs up to S3 in the background: 202, live progress, a second backup meanwhile is a 409', async () => {
    await configure({ ...s3Setting, endpoint: s3.endpoint }, { secret_key: 'S3RVER' });
    const release = s3.holdParts();
    const started = await call('POST', '/api/v1/backups', { kind: 'daily' });
    assert.equal(started.status, 202, started.text);
    assert.equal(started.body.status, 'running');
    assert.equal(started.body.kind, 'daily');
    // Parts are held: the backup cannot finish, so what we see is a running backup moving.
    const moving = await until('progress', async () => {
      const r = await call('GET', `/api/v1/backups/${started.body.id}`);
      return r.body.bytes_done > PART_MB * 1048576 ? (r.body as Json) : undefined;
    });
    assert.equal(moving.status, 'running');
    assert.equal(moving.phase, 'dump_chronos');
    assert.equal(typeof moving.progress, 'number');
    assert.ok(moving.heartbeat_at);
    const second = await call('POST', '/api/v1/backups', {});
    assert.equal(second.status, 409, second.text);
    assert.equal(second.body.running_id, started.body.id);
    release();
    first = await finished(started.body.id);
    assert.equal(first.status, 'completed', first.error);
    assert.equal(first.phase, 'done');
    assert.equal(first.progress, 100);
    assert.equal(first.bytes_done, first.size_bytes);
    assert.ok(first.size_bytes > PART_MB * 1048576, `archive of ${first.size_bytes} bytes spans several parts`);
    assert.match(first.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(s3.openUploads(), []);
    const meta = first.metadata;
    assert.equal(meta.tables['public.notes'], 150);
    assert.equal(meta.schema_version, first.schema_version);
    assert.ok(meta.schema_version >= 19);
    for (const file of ['chronos.dump', 'config/settings.json', 'config/templates.json', 'RESTORE_INSTRUCTIONS.txt'])
      assert.match(meta.files[file]?.sha256 ?? '', /^[0-9a-f]{64}$/, file);
    assert.ok(meta.notes.some((n: string) => /BACKUP_N8N_DATABASE_URL/.test(n)));
    assert.ok(meta.notes.some((n: string) => /n8n workflows not exported/.test(n)));
    assert.ok(meta.audit_head.seq > 0);
    assert.deepEqual(await outboxTypes(first.id), ['backup.completed']);
    const list = await call('GET', '/api/v1/backups?filter={"status":"completed"}');
    assert.equal(list.status, 200);
    assert.equal(list.body[0].id, first.id);
    assert.match(list.headers.get('content-range') ?? '', /^backups 0-0\/1$/);
  });

  it('downloads the archive with the recorded SHA-256; a console viewer may not', async () => {
    const response = await fetch(`${api.url}/api/v1/backups/${first.id}/download`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of response.body!) {
      hash.update(chunk);
      size += chunk.length;
    }
    assert.equal(size, first.size_bytes);
    assert.equal(hash.digest('hex'), first.sha256);

    await pool.query(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ('viewer@backups.test', $1, 'viewer')`,
      [await bcrypt.hash('Viewer-Pass-123!', 4)],
    );
    const login = await request(api.url, 'POST', '/api/auth/login', {
      body: { email: 'viewer@backups.test', password: 'Viewer-Pass-123!' },
    });
    assert.equal(login.status, 200, login.text);
    const viewer = login.body.token as string;
    assert.equal((await call('GET', `/api/v1/backups/${first.id}`, undefined, viewer)).status, 200);
    const refused = await call('GET', `/api/v1/backups/${first.id}/download`, undefined, viewer);
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /viewer/);
  });

  it('verifies the stored object: archive and every file', async () => {
    const verified = await call('POST', `/api/v1/backups/${first.id}/verify`);
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.verify_status, 'ok', verified.body.verify_error);
    assert.equal(verified.body.verify_error, null);
    assert.deepEqual(Object.keys(verified.body.verify_files).sort(), Object.keys(first.metadata.files).sort());
    assert.ok(Object.values(verified.body.verify_files).every((s) => s === 'ok'));
  });

  it('restore check: restores into a scratch database, every check passes, the scratch database is dropped', async () => {
    const started = await call('POST', `/api/v1/backups/${first.id}/restore-check`);
    assert.equal(started.status, 202, started.text);
    assert.equal(started.body.mode, 'check');
    const done = await until('restore check', async () => {
      const r = await call('GET', `/api/v1/backup-restores/${started.body.id}`);
      return r.body.status === 'running' ? undefined : (r.body as Json);
    });
    assert.equal(done.status, 'completed', done.error);
    assert.deepEqual(
      done.details.checks.map((c: Json) => [c.name, c.ok]),
      [
        ['dump_checksum', true],
        ['row_counts', true],
        ['audit_chain', true],
        ['schema_version', true],
      ],
    );
    const exists = await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [done.target_database]);
    assert.equal(exists.rowCount, 0);
    const listed = await call(
      'GET',
      `/api/v1/backup-restores?filter=${encodeURIComponent(JSON.stringify({ backup_id: first.id }))}`,
    );
    assert.equal(listed.body.length, 1);
  });

  it('restores the rows that were written: the scratch database holds the same notes', async () => {
    const config = loadConfig({
      DATABASE_URL: database.url,
      CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      JWT_SECRET: TEST_JWT_SECRET,
      ...ENV,
    });
    const deps = { pool, config, logger: createLogger('silent'), version: 'test' };
    const started = await backups.startRestoreCheck(
      deps,
      first.id,
      { actorType: 'system', actorId: 'test', actorLabel: 'test' },
      { keepDatabase: true },
    );
    const done = await started.run();
    assert.equal(done.status, 'completed', done.error ?? '');
    const scratch = new pg.Client({ connectionString: databaseUrl(done.target_database!) });
    await scratch.connect();
    try {
      const restored = await scratch.query<{ id: string; text: string }>('SELECT id, text FROM notes ORDER BY text');
      assert.deepEqual(
        restored.rows.map((r) => [r.id, r.text]),
        [...notes].sort((a, b) => (a.text < b.text ? -1 : 1)).map((n) => [n.id, n.text]),
      );
      assert.equal((await scratch.query('SELECT * FROM audit_verify()')).rowCount, 0);
    } finally {
      await scratch.end();
      await pool.query(`DROP DATABASE ${pg.escapeIdentifier(done.target_database!)} WITH (FORCE)`);
    }
  });

  it('a damaged object fails verify, naming the damaged file', async () => {
    const file = s3.objectFile(BUCKET, first.object_key);
    const bytes = fs.readFileSync(file);
    const offset = 4096; // inside chronos.dump, the first (stored) entry
    bytes[offset] = bytes[offset]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const verified = await call('POST', `/api/v1/backups/${first.id}/verify`);
    assert.equal(verified.body.verify_status, 'mismatch');
    assert.match(verified.body.verify_error, /chronos\.dump: SHA-256 differs/);
    assert.match(verified.body.verify_error, /archive: SHA-256 differs/);
    assert.equal(verified.body.verify_files['config/settings.json'], 'ok');
    const stored = await call('GET', `/api/v1/backups/${first.id}`);
    assert.equal(stored.body.verify_status, 'mismatch');
    // Repaired, it verifies again (and counts as good for the retention below).
    bytes[offset] = bytes[offset]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    assert.equal((await call('POST', `/api/v1/backups/${first.id}/verify`)).body.verify_status, 'ok');
  });

  it('a stale running backup is failed (with backup.failed) before a new one starts', async () => {
    const stale = (
      await pool.query<{ id: string }>(
        `INSERT INTO backups (status, kind, target, started_at, heartbeat_at)
         VALUES ('running', 'manual', 's3', now() - interval '1 hour', now() - interval '1 hour') RETURNING id`,
      )
    ).rows[0]!.id;
    const started = await call('POST', '/api/v1/backups', { kind: 'manual' });
    assert.equal(started.status, 202, started.text);
    const staleRow = await call('GET', `/api/v1/backups/${stale}`);
    assert.equal(staleRow.body.status, 'failed');
    assert.match(staleRow.body.error, /^stale/);
    assert.deepEqual(await outboxTypes(stale), ['backup.failed']);
    assert.equal((await finished(started.body.id)).status, 'completed');
  });

  it('a failing pg_dump fails the backup with backup.failed and leaves no object or upload behind', async () => {
    const broken = await startTestApi(database.url, {
      ...ENV,
      BACKUP_N8N_DATABASE_URL: databaseUrl('no_such_n8n_database'),
    });
    try {
      const started = await request(broken.url, 'POST', '/api/v1/backups', { token: key, body: {} });
      assert.equal(started.status, 202, started.text);
      const failed = await finished(started.body.id);
      assert.equal(failed.status, 'failed');
      assert.match(failed.error, /pg_dump failed .*no_such_n8n_database/);
      assert.deepEqual(await outboxTypes(failed.id), ['backup.failed']);
      assert.deepEqual(s3.openUploads(), []);
      const keys = fs
        .readdirSync(path.join(path.dirname(s3.objectFile(BUCKET, 'x'))))
        .filter((f) => f.includes(failed.id));
      assert.deepEqual(keys, []);
    } finally {
      await broken.close();
    }
  });

  it('the folder target writes one finished file and verifies; live n8n workflows are in it, normalized', async () => {
    // A fake n8n public API: two pages of workflows, only for the right API key.
    const workflows = [
      {
        id: 'wf1',
        name: 'Daily backup',
        active: true,
        versionId: 'v1',
        updatedAt: '2026-11-01T00:00:00Z',
        nodes: [],
        connections: {},
      },
      {
        id: 'wf2',
        name: 'Prune',
        meta: { instanceId: 'i' },
        pinData: {},
        nodes: [{ name: 'x', type: 't' }],
        connections: {},
      },
    ];
    const n8n = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://n8n');
      if (url.pathname !== '/api/v1/workflows' || req.headers['x-n8n-api-key'] !== 'n8n-key')
        return res.writeHead(401).end();
      const page = url.searchParams.get('cursor') === 'page2' ? 1 : 0;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [workflows[page]], nextCursor: page === 0 ? 'page2' : null }));
    });
    await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
    const n8nUrl = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`;
    const saved = await call(
      'PUT',
      '/api/v1/settings/n8n',
      { value: { base_url: n8nUrl }, secrets: { api_key: 'n8n-key' } },
      adminKey,
    );
    assert.equal(saved.status, 200, saved.text);
    // The S3 fields stay: the earlier backups remain reachable (prune below removes them).
    await configure({ ...s3Setting, endpoint: s3.endpoint, target: 'folder', folder_path: folder });
    const started = await call('POST', '/api/v1/backups', { kind: 'weekly' });
    assert.equal(started.status, 202, started.text);
    const done = await finished(started.body.id);
    assert.equal(done.status, 'completed', done.error);
    assert.equal(done.target, 'folder');
    assert.equal(done.location, folder);
    assert.deepEqual(fs.readdirSync(folder), [done.object_key]);
    assert.equal(fs.statSync(path.join(folder, done.object_key)).size, done.size_bytes);
    const verified = await call('POST', `/api/v1/backups/${done.id}/verify`);
    assert.equal(verified.body.verify_status, 'ok', verified.body.verify_error);

    const archive = await openArchive(folderStorage(folder), done.object_key, done.size_bytes);
    try {
      for (const workflow of workflows)
        assert.equal(await archive.readText(`n8n-workflows/${workflow.id}.json`), formatWorkflow(workflow));
      assert.ok(!done.metadata.notes.some((n: string) => /n8n workflows/.test(n)));
      const settings = JSON.parse(await archive.readText('config/settings.json')) as Json[];
      assert.equal(settings.find((r) => r.id === 'n8n')!.has_secrets, true);
      assert.ok(!(await archive.readText('config/settings.json')).includes('n8n-key'));
    } finally {
      archive.close();
      await call('DELETE', '/api/v1/settings/n8n', undefined, adminKey);
      n8n.close();
    }
  });

  it('prune: a dry run lists, the real run deletes all but the newest of the day, and the S3 one reads its own bucket', async () => {
    const completed = (await call('GET', '/api/v1/backups?filter={"status":"completed"}')).body as Json[];
    assert.equal(completed.length, 3);
    const dry = await call('POST', '/api/v1/backups/prune', { dry_run: true });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.dry_run, true);
    assert.deepEqual(dry.body.deleted, []);
    // All three are from today: the newest is kept (daily, weekly, monthly and "newest good").
    assert.deepEqual(
      dry.body.keep.map((k: Json) => k.id),
      [completed[0]!.id],
    );
    assert.deepEqual(dry.body.remove.map((r: Json) => r.id).sort(), [completed[1]!.id, completed[2]!.id].sort());
    assert.equal((await call('GET', '/api/v1/backups?filter={"status":"completed"}')).body.length, 3);

    const real = await call('POST', '/api/v1/backups/prune', { dry_run: false });
    assert.equal(real.status, 200, real.text);
    assert.deepEqual(real.body.errors, {});
    assert.deepEqual([...real.body.deleted].sort(), [completed[1]!.id, completed[2]!.id].sort());
    for (const id of real.body.deleted)
      assert.equal((await call('GET', `/api/v1/backups/${id}`)).body.status, 'deleted');
    // The S3 archives are gone although the setting now points at a folder.
    const s3Dir = path.dirname(s3.objectFile(BUCKET, 'x'));
    assert.deepEqual(
      fs.readdirSync(s3Dir).filter((f) => f.endsWith('._S3rver_object')),
      [],
    );
  });

  it('delete removes the archive and keeps the record as deleted', async () => {
    const [newest] = (await call('GET', '/api/v1/backups?filter={"status":"completed"}')).body as Json[];
    const deleted = await call('DELETE', `/api/v1/backups/${newest!.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.status, 'deleted');
    assert.deepEqual(fs.readdirSync(folder), []);
    const audit = await pool.query(
      `SELECT action FROM audit_log WHERE entity = 'backup' AND entity_id = $1 ORDER BY seq`,
      [newest!.id],
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['start', 'complete', 'verify', 'delete'],
    );
    const prune = await call('POST', '/api/v1/backups/prune', { dry_run: false });
    assert.equal(prune.status, 200);
    assert.deepEqual(prune.body.remove, []);
  });

  it('creates a missing bucket on the first backup into it', async () => {
    const fresh = 'chronos-fresh-bucket';
    const bucketDir = path.dirname(s3.objectFile(fresh, 'x'));
    assert.equal(fs.existsSync(bucketDir), false);
    await configure({ ...s3Setting, bucket: fresh, endpoint: s3.endpoint }, { secret_key: 'S3RVER' });
    const started = await call('POST', '/api/v1/backups', {});
    assert.equal(started.status, 202, started.text);
    const done = await finished(started.body.id);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.location, fresh);
    assert.equal(fs.existsSync(bucketDir), true);
    assert.equal((await call('POST', `/api/v1/backups/${started.body.id}/verify`)).body.verify_status, 'ok');
  });
});
