// The in-process n8n harness itself: the built Chronos node runs in n8n's engine against a
// real admin-api (the credential's Bearer header applied by the harness's CredentialsHelper),
// API errors surface as n8n node errors, and binary data goes through n8n's binary data store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import {
  binaryBuffer,
  listSearch,
  loadOptions,
  runChronosNode,
  storeBinary,
  type HarnessCredentials,
} from '../helpers/n8n-harness.ts';

describe('n8n harness', () => {
  let database: TestDatabase;
  let api: TestApi;
  let credentials: HarnessCredentials;
  let keyId: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    const pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'harness key', scopes: ['events.read'] });
    await pool.end();
    keyId = created.row.id;
    credentials = { baseUrl: `${api.url}/`, apiKey: created.key };
  });
  after(async () => {
    await api?.close();
    await database?.drop();
  });

  it('runs system.getIdentity once per input item with the credential applied', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: { resource: 'system', operation: 'getIdentity' },
      items: [{ json: { a: 1 } }, { json: { a: 2 } }],
    });
    assert.equal(error, undefined);
    assert.equal(items.length, 2);
    for (const [index, item] of items.entries()) {
      const identity = JSON.stringify(item.json);
      assert.ok(identity.includes(keyId), `the identity names the key: ${identity}`);
      assert.ok(identity.includes('events.read'), identity);
      assert.deepEqual(item.pairedItem, { item: index });
    }
  });

  it('runs system.getHealth: the report of /health with its HTTP status, also when it is degraded', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: { resource: 'system', operation: 'getHealth' },
    });
    assert.equal(error, undefined);
    assert.equal(items.length, 1);
    const report = items[0]!.json as { status?: string; httpStatus?: number; checks?: Record<string, unknown> };
    // The test API has no n8n, S3 or backups configured: degraded or ok, answered with 200.
    assert.equal(report.httpStatus, 200);
    assert.ok(report.status === 'ok' || report.status === 'degraded', JSON.stringify(report));
    assert.ok(report.checks && 'database' in report.checks, JSON.stringify(report));
  });

  it('reports a rejected key as the node error, or as an item with continue on fail', async () => {
    const bad = { ...credentials, apiKey: 'chronos_standard_not-a-real-key' };
    const failed = await runChronosNode({
      credentials: bad,
      parameters: { resource: 'system', operation: 'getIdentity' },
    });
    assert.equal(failed.items.length, 0);
    assert.ok(failed.error, 'the execution failed');
    assert.equal(failed.error.httpCode, '401');
    assert.ok(failed.error instanceof Error);
    assert.equal(failed.error.name, 'NodeApiError');
    assert.match(failed.error.message, /^Chronos: .*malformed/);
    assert.match(String(failed.error.description), /malformed/);

    const continued = await runChronosNode({
      credentials: bad,
      parameters: { resource: 'system', operation: 'getIdentity' },
      continueOnFail: true,
    });
    assert.equal(continued.error, undefined);
    assert.equal(continued.items.length, 1);
    assert.equal(continued.items[0].json.httpCode, '401');
    assert.match(String(continued.items[0].json.error), /^Chronos: /);
  });

  it("reads binary data given in memory (base64) and stored in n8n's binary data store", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('chronos')]);
    const inMemory = {
      json: {},
      binary: { data: { data: bytes.toString('base64'), mimeType: 'application/octet-stream', fileName: 'x.bin' } },
    };
    assert.deepEqual(await binaryBuffer(inMemory), bytes);

    const stored = await storeBinary(bytes, { mimeType: 'application/pdf', fileName: 'report.pdf' });
    assert.ok(stored.id, 'stored on disk, the item carries an id instead of the bytes');
    assert.notEqual(stored.data, bytes.toString('base64'));
    const item = { json: {}, binary: { attachment: stored } };
    assert.deepEqual(await binaryBuffer(item, 'attachment'), bytes);
    await assert.rejects(binaryBuffer(item), /no binary property "data"/);
  });

  it('calls loadOptions and listSearch methods with the credential', async () => {
    const calendars = await loadOptions({ credentials, method: 'getCalendars' });
    assert.ok(
      calendars.some((option) => option.value === 'default'),
      JSON.stringify(calendars),
    );
    const found = await listSearch({ credentials, method: 'searchCalendars', filter: 'default' });
    assert.ok(
      found.results.some((option) => option.value === 'default'),
      JSON.stringify(found),
    );
    await assert.rejects(loadOptions({ credentials, method: 'noSuchMethod' }), /no loadOptions method "noSuchMethod"/);
  });
});
