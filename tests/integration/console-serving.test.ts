// admin-api serves the built console at /admin/: the page with a strict CSP, hashed assets
// cached for a year, index.html never cached, /admin and / redirecting, and a clear 503 when
// the console has not been built.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('console serving', () => {
  let database: TestDatabase;
  let built: TestApi;
  let missing: TestApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-console-'));

  before(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Chronos console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    database = await createTestDatabase();
    built = await startTestApi(database.url, { CHRONOS_CONSOLE_DIR: dir });
    missing = await startTestApi(database.url, { CHRONOS_CONSOLE_DIR: path.join(dir, 'nope') });
  });
  after(async () => {
    await built?.close();
    await missing?.close();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with a same-origin content security policy, never cached', async () => {
    const response = await fetch(`${built.url}/admin/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Chronos console/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
  });

  it('caches hashed assets for a year', async () => {
    const response = await fetch(`${built.url}/admin/assets/index-abc123.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
  });

  it('redirects / and /admin to /admin/', async () => {
    for (const from of ['/', '/admin']) {
      const response = await fetch(`${built.url}${from}`, { redirect: 'manual' });
      assert.ok([301, 302].includes(response.status), `${from}: ${response.status}`);
      assert.equal(response.headers.get('location'), '/admin/');
    }
  });

  it('answers 503 problem+json naming the build command when the console is not built', async () => {
    const response = await fetch(`${missing.url}/admin/`);
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.match(((await response.json()) as { detail: string }).detail, /npm run build/);
  });

  it('leaves unknown paths outside /admin to the API (404 problem)', async () => {
    const response = await fetch(`${built.url}/admin-nope`);
    assert.equal(response.status, 404);
  });
});
