// The Chronos node's ingest resource: records pushed to POST /ingest/{domain} are listed
// (limit, return all across pages, search), domains with their counts; errors shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

const DOMAIN = 'weather-station';

describe('Chronos node: ingest', () => {
  let database: TestDatabase;
  let api: TestApi;
  let credentials: HarnessCredentials;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    const pool = new pg.Pool({ connectionString: database.url });
    const admin = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;
    credentials = { baseUrl: api.url, apiKey: (await createApiKey(pool, { name: 'r', scopes: ['events.read'] })).key };
    await pool.end();
    const token = await request(api.url, 'POST', '/api/v1/ingest-tokens', { token: admin, body: { domain: DOMAIN } });
    assert.equal(token.status, 200, token.text);
    for (let i = 0; i < 5; i++) {
      const pushed = await request(api.url, 'POST', `/ingest/${DOMAIN}`, {
        token: token.body.token,
        body: { station: i % 2 ? 'north' : 'south', reading: i },
      });
      assert.ok(pushed.status < 300, pushed.text);
    }
  });
  after(async () => {
    await api.close();
    await database.drop();
  });

  const records = (extra: Record<string, unknown>) =>
    runChronosNode({
      credentials,
      parameters: { resource: 'ingest', operation: 'getRecords', domain: DOMAIN, ...extra },
    });

  it('lists records: limit, return all, search', async () => {
    const limited = await records({ limit: 2 });
    assert.equal(limited.error, undefined, limited.error?.message);
    assert.equal(limited.items.length, 2);
    assert.deepEqual(
      limited.items.map((i) => (i.json.payload as { reading: number }).reading),
      [4, 3],
      'newest first',
    );
    const all = await records({ returnAll: true });
    assert.equal(all.items.length, 5);
    const north = await records({ returnAll: true, filters: { q: 'north' } });
    assert.deepEqual(north.items.map((i) => (i.json.payload as { reading: number }).reading).sort(), [1, 3]);
  });

  it('lists domains with their record counts', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: { resource: 'ingest', operation: 'getDomains' },
    });
    assert.equal(error, undefined, error?.message);
    const domain = items.find((i) => i.json.domain === DOMAIN);
    assert.equal(domain?.json.record_count, 5);
  });

  it('shows a bad domain as a field error (an item with continue on fail)', async () => {
    const { items } = await runChronosNode({
      credentials,
      parameters: { resource: 'ingest', operation: 'getRecords', domain: 'Not A Domain', returnAll: true },
      continueOnFail: true,
    });
    assert.equal(items[0]!.json.httpCode, '400');
    assert.match(String(items[0]!.json.description), /domain/);
  });
});
