// The Chronos node's audit resource: a workflow writes a record (stored as workflow.<action>,
// the key as actor) and verifies the chain; field errors and the missing scope are shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

describe('Chronos node: audit', () => {
  let database: TestDatabase;
  let api: TestApi;
  let writer: HarnessCredentials;
  let admin: HarnessCredentials;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    const pool = new pg.Pool({ connectionString: database.url });
    writer = { baseUrl: api.url, apiKey: (await createApiKey(pool, { name: 'wf', scopes: ['audit.write'] })).key };
    admin = { baseUrl: api.url, apiKey: (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key };
    await pool.end();
  });
  after(async () => {
    await api.close();
    await database.drop();
  });

  it('writes a record, then the chain verifies intact with it as head', async () => {
    const written = await runChronosNode({
      credentials: writer,
      parameters: {
        resource: 'audit',
        operation: 'write',
        action: 'report.sent',
        entity: 'report',
        entityId: '={{ $json.reportId }}',
        details: '={{ JSON.stringify({ pages: $json.pages }) }}',
      },
      items: [{ json: { reportId: 'R-7', pages: 3 } }],
    });
    assert.equal(written.error, undefined, written.error?.message);
    const record = written.items[0]!.json;
    assert.equal(record.action, 'workflow.report.sent');
    assert.equal(record.entity_id, 'R-7');
    assert.deepEqual(record.details, { pages: 3 });
    assert.equal(record.actor_label, 'wf');

    const verified = await runChronosNode({
      credentials: admin,
      parameters: { resource: 'audit', operation: 'verifyChain' },
    });
    assert.equal(verified.error, undefined, verified.error?.message);
    assert.equal(verified.items[0]!.json.intact, true);
    assert.equal((verified.items[0]!.json.head as { seq: number }).seq, record.seq);
  });

  it('shows field errors, bad JSON and the missing scope; continue on fail gives error items', async () => {
    const bad = await runChronosNode({
      credentials: writer,
      parameters: { resource: 'audit', operation: 'write', action: 'Not Allowed', entity: 'x' },
    });
    assert.ok(bad.error);
    assert.equal(bad.error.httpCode, '400');
    assert.match(String(bad.error.description), /action: must be 1 to 55 lower-case/);
    const json = await runChronosNode({
      credentials: writer,
      parameters: { resource: 'audit', operation: 'write', action: 'x', entity: 'x', details: '{ nope' },
    });
    assert.match(String(json.error?.message), /The parameter "details" is not valid JSON/);
    const scope = await runChronosNode({
      credentials: writer,
      parameters: { resource: 'audit', operation: 'verifyChain' },
      items: [{ json: {} }, { json: {} }],
      continueOnFail: true,
    });
    assert.equal(scope.items.length, 2);
    for (const item of scope.items) {
      assert.equal(item.json.httpCode, '403');
      assert.match(String(item.json.description), /needs the scope "admin"/);
    }
  });
});
