// POST /api/v1/audit (scope audit.write): workflows append their own records to the
// hash-chained audit log. The action is stored as `workflow.<action>` and the actor is the API
// key, whatever the body says; the chain stays intact; bad input is refused field by field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('POST /api/v1/audit', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let writer: string;
  let writerId: string;
  let admin: string;
  let other: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'invoice workflow', scopes: ['audit.write'] });
    writer = created.key;
    writerId = created.row.id;
    admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    other = (await createApiKey(pool, { name: 'events', scopes: ['events.write'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const write = (body: unknown, token = writer) => request(api.url, 'POST', '/api/v1/audit', { token, body });

  it('appends a record in the chain: action workflow.<action>, actor the key', async () => {
    const reply = await write({
      action: 'invoice.sent',
      entity: 'invoice',
      entity_id: 'INV-2026-0042',
      details: { amount: 120.5, to: ['ann'] },
      // Not fields of the endpoint: ignored, the actor is the key.
      actor_type: 'system',
      actor_label: 'system',
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.action, 'workflow.invoice.sent');
    assert.equal(reply.body.entity, 'invoice');
    assert.equal(reply.body.entity_id, 'INV-2026-0042');
    assert.deepEqual(reply.body.details, { amount: 120.5, to: ['ann'] });
    assert.equal(reply.body.actor_type, 'api_key');
    assert.equal(reply.body.actor_id, writerId);
    assert.equal(reply.body.actor_label, 'invoice workflow');
    assert.equal(reply.body.scope, 'audit.write');
    assert.match(reply.body.row_hash, /^[0-9a-f]{64}$/);
    const stored = await request(api.url, 'GET', `/api/v1/audit/${reply.body.id}`, { token: admin });
    assert.equal(stored.body.seq, reply.body.seq);
    const verified = await request(api.url, 'POST', '/api/v1/audit/verify', { token: admin });
    assert.equal(verified.body.intact, true);
    assert.equal(verified.body.head.seq >= reply.body.seq, true);
  });

  it('refuses actions and entities outside the safe patterns, field by field', async () => {
    const bad = await write({ action: 'Delete Everything', entity: 'Bad-Entity', details: [1, 2] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors.action, /lower-case/);
    assert.match(bad.body.errors.entity, /lower-case/);
    assert.equal(bad.body.errors.details, 'must be a JSON object');
    const missing = await write({});
    assert.equal(missing.body.errors.action, 'is required');
    assert.equal(missing.body.errors.entity, 'is required');
    const long = await write({ action: `a${'b'.repeat(55)}`, entity: 'x' });
    assert.equal(long.status, 400, 'workflow. + 56 characters would pass the 64 of the log');
    const huge = await write({ action: 'x', entity: 'x', details: { blob: 'y'.repeat(40_000) } });
    assert.equal(huge.status, 400);
    assert.match(huge.body.errors.details, /at most/);
  });

  it('needs audit.write (admin implies it); the key cannot read the log', async () => {
    const denied = await write({ action: 'x', entity: 'x' }, other);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.missingScope, 'audit.write');
    assert.equal((await write({ action: 'by.admin', entity: 'x' }, admin)).status, 200);
    assert.equal((await request(api.url, 'GET', '/api/v1/audit', { token: writer })).status, 403);
  });
});
