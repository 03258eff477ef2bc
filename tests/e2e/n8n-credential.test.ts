// End to end in a real n8n 2.x: the Chronos package, installed the way production installs
// community packages, is loaded; its "Chronos API" credential is known to n8n; and n8n's own
// credential test succeeds against a running admin-api with a valid key and fails with a
// clear message with a wrong one.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { n8nLogin } from '../../scripts/lib/n8n.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startTestN8n, type TestN8n } from '../helpers/n8n-process.ts';

type CredentialTestResult = { status: 'OK' | 'Error'; message: string };

describe('Chronos package in a real n8n', { timeout: 300_000 }, () => {
  let chronosDb: TestDatabase;
  let n8nDb: TestDatabase;
  let api: TestApi;
  let n8n: TestN8n;
  let cookie: string;
  let validKey: string;

  before(async () => {
    chronosDb = await createTestDatabase();
    n8nDb = await createTestDatabase({ template: false });
    api = await startTestApi(chronosDb.url);
    const pool = new pg.Pool({ connectionString: chronosDb.url });
    validKey = (await createApiKey(pool, { name: 'n8n e2e', scopes: ['events.read'] })).key;
    await pool.end();

    n8n = await startTestN8n({ databaseUrl: n8nDb.url });
    cookie = await n8nLogin(n8n.url, n8n.owner);
  });

  after(async () => {
    await n8n?.stop();
    await api?.close();
    await chronosDb?.drop();
    await n8nDb?.drop();
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
