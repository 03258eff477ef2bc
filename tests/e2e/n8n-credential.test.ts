// End to end in a real n8n 2.x: the Chronos package, installed the way production installs
// community packages, is loaded; its "Chronos API" credential is known to n8n; and n8n's own
// credential test succeeds against a running admin-api with a valid key and fails with a
// clear message with a wrong one.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { installChronosPackage, n8nLogin, startN8n, type N8nProcess } from '../../scripts/lib/n8n.ts';
import { freePort } from '../../scripts/lib/postgres.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type CredentialTestResult = { status: 'OK' | 'Error'; message: string };

describe('Chronos package in a real n8n', { timeout: 300_000 }, () => {
  let chronosDb: TestDatabase;
  let n8nDb: TestDatabase;
  let api: TestApi;
  let n8n: N8nProcess;
  let cookie: string;
  let validKey: string;
  let userFolder: string;
  const owner = { email: 'owner@chronos.test', password: `Owner-${randomBytes(6).toString('hex')}-1` };

  before(async () => {
    chronosDb = await createTestDatabase();
    n8nDb = await createTestDatabase({ template: false });
    api = await startTestApi(chronosDb.url);
    const pool = new pg.Pool({ connectionString: chronosDb.url });
    validKey = (await createApiKey(pool, { name: 'n8n e2e', scopes: ['events.read'] })).key;
    await pool.end();

    userFolder = fs.mkdtempSync(path.join(process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir(), 'n8n-'));
    installChronosPackage(userFolder);
    const db = new URL(n8nDb.url);
    const bin = process.env.CHRONOS_N8N_BIN;
    assert.ok(bin, 'CHRONOS_N8N_BIN is set by npm test');
    n8n = await startN8n({
      bin,
      userFolder,
      port: await freePort(),
      database: {
        host: db.hostname,
        port: Number(db.port),
        name: n8nDb.name,
        user: decodeURIComponent(db.username),
        password: decodeURIComponent(db.password),
      },
      owner,
      encryptionKey: randomBytes(24).toString('hex'),
    });
    cookie = await n8nLogin(n8n.url, owner);
  });

  after(async () => {
    await n8n?.stop();
    await api?.close();
    await chronosDb?.drop();
    await n8nDb?.drop();
    if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
  });

  async function rest<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${n8n.url}/rest${route}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `n8n ${method} ${route}: HTTP ${response.status} ${text}`);
    return (JSON.parse(text) as { data: T }).data;
  }

  async function testCredential(apiKey: string): Promise<CredentialTestResult> {
    const data = { baseUrl: api.url, apiKey, webhookSecret: '' };
    const created = await rest<{ id: string }>('POST', '/credentials', {
      name: `chronos ${randomBytes(3).toString('hex')}`,
      type: 'chronosApi',
      data,
    });
    return rest<CredentialTestResult>('POST', '/credentials/test', {
      credentials: { id: created.id, name: 'chronos', type: 'chronosApi', data },
    });
  }

  it('knows the Chronos API credential type with its three fields', async () => {
    const response = await fetch(`${n8n.url}/types/credentials.json`, { headers: { cookie } });
    const types = (await response.json()) as Array<{
      name: string;
      displayName: string;
      properties: Array<{ name: string }>;
    }>;
    const chronos = types.find((t) => t.name === 'chronosApi');
    assert.ok(chronos, 'chronosApi is listed by n8n');
    assert.equal(chronos.displayName, 'Chronos API');
    // n8n appends properties of its own (e.g. allowed HTTP request domains) after ours.
    assert.deepEqual(chronos.properties.map((p) => p.name).slice(0, 3), ['baseUrl', 'apiKey', 'webhookSecret']);
  });

  it('loads the Chronos node under its package name, as production does', async () => {
    const response = await fetch(`${n8n.url}/types/nodes.json`, { headers: { cookie } });
    const types = (await response.json()) as Array<{ name: string; credentials?: Array<{ name: string }> }>;
    const node = types.find((t) => t.name === 'n8n-nodes-chronos.chronos');
    assert.ok(node, 'n8n-nodes-chronos.chronos is listed by n8n');
    assert.deepEqual(
      node.credentials?.map((c) => c.name),
      ['chronosApi'],
    );
  });

  it('passes the credential test with a valid key', async () => {
    assert.deepEqual(await testCredential(validKey), { status: 'OK', message: 'Connection successful!' });
  });

  it('fails the credential test with a clear message for a wrong or malformed key', async () => {
    const wrong = `${validKey.slice(0, -10)}AAAAAAAAAA`;
    for (const key of [wrong, 'not-a-chronos-key']) {
      const result = await testCredential(key);
      assert.equal(result.status, 'Error');
      assert.match(result.message, /Chronos rejected the API key \(401\)/);
    }
  });
});
