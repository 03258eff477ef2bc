// /api/v1/subscriptions over HTTP: the secret shown once (create, rotate) and sealed at rest,
// re-registration of a url as an upsert, the list contract and its filters, PUT of the whole
// record, delete detaching outbox rows, field errors that write nothing, scopes, and audit
// rows that never contain a secret.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isValidSecret } from '../../shared/standard-webhooks.ts';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { emitEvent } from '../../admin-api/src/modules/outbox/emit.ts';
import { deliveryTarget } from '../../admin-api/src/modules/subscriptions/service.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

const GIVEN = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('subscriptions', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;
  let keyId: string;
  let eventsKey: string;
  const encryptionKey = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');
  const secrets: string[] = [];
  const replies: Array<{ method: string; path: string; text: string }> = [];

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'n8n trigger', scopes: ['workflows.manage'] });
    key = created.key;
    keyId = created.row.id;
    eventsKey = (await createApiKey(pool, { name: 'events only', scopes: ['events.read', 'events.write'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  async function call(method: string, path: string, body?: unknown, token = key) {
    const reply = await request(api.url, method, path, { token, body });
    replies.push({ method, path, text: reply.text });
    return reply;
  }
  const list = (params: Record<string, unknown>) =>
    call(
      'GET',
      `/api/v1/subscriptions?${Object.entries(params)
        .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
        .join('&')}`,
    );
  const secretOf = async (id: string) => {
    const target = await deliveryTarget(pool, encryptionKey, id);
    assert.ok(target.found && target.secret);
    return target.secret;
  };
  const rowCount = async () => Number((await pool.query('SELECT count(*) FROM subscriptions')).rows[0].count);

  let first: Json;

  it('creates a subscription, returns its generated secret once and stores it sealed', async () => {
    const created = await call('POST', '/api/v1/subscriptions', {
      url: 'https://n8n.example.test/webhook/abc',
      event_types: ['event.*', 'command.created', 'event.*'],
      description: 'Trigger of workflow 12',
    });
    assert.equal(created.status, 200, created.text);
    first = created.body;
    assert.equal(first.created, true);
    assert.ok(isValidSecret(first.secret as string), String(first.secret));
    secrets.push(first.secret as string);
    assert.deepEqual(first.event_types, ['command.created', 'event.*']);
    assert.equal(first.active, true);
    assert.equal(first.api_key_id, keyId);
    assert.equal(first.created_by, 'n8n trigger');
    assert.equal(first.consecutive_failures, 0);

    const row = (await pool.query('SELECT * FROM subscriptions WHERE id = $1', [first.id])).rows[0];
    const plain = Buffer.from(first.secret as string);
    assert.ok(!row.secret_ciphertext.includes(plain) && !row.secret_ciphertext.includes(plain.subarray(6)));
    assert.equal(row.secret_nonce.length, 12);
    assert.equal(await secretOf(first.id as string), first.secret);

    const got = await call('GET', `/api/v1/subscriptions/${first.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.secret, 'set');
    assert.equal(got.body.created, undefined);
    assert.ok(!got.text.includes(first.secret as string));

    // A copied ciphertext does not open under another row's id (AAD binds it).
    const other = await call('POST', '/api/v1/subscriptions', {
      url: 'https://n8n.example.test/webhook/other',
      event_types: ['*'],
    });
    secrets.push(other.body.secret);
    await pool.query(
      `UPDATE subscriptions o SET secret_ciphertext = s.secret_ciphertext, secret_nonce = s.secret_nonce
         FROM subscriptions s WHERE s.id = $1 AND o.id = $2`,
      [first.id, other.body.id],
    );
    const target = await deliveryTarget(pool, encryptionKey, other.body.id);
    assert.ok(target.found && target.secret === undefined && 'error' in target);
    assert.equal((await call('DELETE', `/api/v1/subscriptions/${other.body.id}`)).status, 200);
  });

  it('uses a given secret, and refuses malformed input with field errors and no row', async () => {
    const given = await call('POST', '/api/v1/subscriptions', {
      url: 'http://localhost:5678/webhook/given',
      event_types: ['*'],
      secret: GIVEN,
      active: false,
    });
    assert.equal(given.status, 200, given.text);
    assert.equal(given.body.secret, GIVEN);
    assert.equal(given.body.active, false);
    assert.match(given.body.disabled_reason, /turned off by n8n trigger/);
    assert.equal(await secretOf(given.body.id), GIVEN);

    const before = await rowCount();
    const cases: Array<[Json, string]> = [
      [{ url: 'ftp://example.test/x', event_types: ['*'] }, 'url'],
      [{ url: 'not a url', event_types: ['*'] }, 'url'],
      [{ url: 'https://exa mple.test/', event_types: ['*'] }, 'url'],
      [{ url: `https://example.test/${'a'.repeat(2048)}`, event_types: ['*'] }, 'url'],
      [{ event_types: ['*'] }, 'url'],
      [{ url: 'https://example.test/x', event_types: [] }, 'event_types'],
      [{ url: 'https://example.test/x', event_types: 'event.created' }, 'event_types'],
      [{ url: 'https://example.test/x', event_types: ['Event.Created'] }, 'event_types.0'],
      [{ url: 'https://example.test/x', event_types: ['event.*.created'] }, 'event_types.0'],
      [{ url: 'https://example.test/x', event_types: ['event.created', '**'] }, 'event_types.1'],
      [{ url: 'https://example.test/x', event_types: ['*'], secret: 'hunter2' }, 'secret'],
      [{ url: 'https://example.test/x', event_types: ['*'], secret: 'whsec_c2hvcnQ=' }, 'secret'],
      [{ url: 'https://example.test/x', event_types: ['*'], active: 'yes' }, 'active'],
      [{ url: 'https://example.test/x', event_types: ['*'], description: 'x'.repeat(2001) }, 'description'],
    ];
    for (const [body, field] of cases) {
      const reply = await call('POST', '/api/v1/subscriptions', body);
      assert.equal(reply.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${reply.status} ${reply.text}`);
      assert.ok(reply.body.errors?.[field], `${field} in ${reply.text}`);
    }
    assert.equal(await rowCount(), before);
    assert.equal((await call('DELETE', `/api/v1/subscriptions/${given.body.id}`)).status, 200);
  });

  it('re-registering a url updates it in place, keeps the secret unless one is given, and switches it back on', async () => {
    // An admin switched it off; it had failures.
    await pool.query('UPDATE subscriptions SET consecutive_failures = 4 WHERE id = $1', [first.id]);
    const off = await call('PUT', `/api/v1/subscriptions/${first.id}`, { ...first, active: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.active, false);
    assert.match(off.body.disabled_reason, /n8n trigger/);

    const again = await call('POST', '/api/v1/subscriptions', {
      url: 'https://n8n.example.test/webhook/abc',
      event_types: ['event.created'],
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.id, first.id);
    assert.equal(again.body.created, false);
    assert.equal(again.body.secret, 'set');
    assert.deepEqual(again.body.event_types, ['event.created']);
    assert.equal(again.body.description, null);
    assert.equal(again.body.active, true);
    assert.equal(again.body.disabled_reason, null);
    assert.equal(again.body.consecutive_failures, 0);
    assert.equal(await secretOf(first.id as string), first.secret, 'secret kept');

    const withSecret = await call('POST', '/api/v1/subscriptions', {
      url: 'https://n8n.example.test/webhook/abc',
      event_types: ['event.*'],
      secret: GIVEN,
    });
    assert.equal(withSecret.body.id, first.id);
    assert.equal(withSecret.body.secret, GIVEN);
    assert.equal(await secretOf(first.id as string), GIVEN);
    assert.equal(
      Number((await pool.query('SELECT count(*) FROM subscriptions WHERE url = $1', [first.url])).rows[0].count),
      1,
    );
  });

  it('registers concurrently without duplicates: one creates, the others find it', async () => {
    const url = 'https://n8n.example.test/webhook/race';
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => call('POST', '/api/v1/subscriptions', { url, event_types: ['*'] })),
    );
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200, 200, 200, 200, 200],
    );
    assert.equal(replies.filter((r) => r.body.created).length, 1);
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 1);
    secrets.push(replies.find((r) => r.body.created)!.body.secret);
  });

  it('lists with the ra-data-simple-rest contract and filters q, active, event_type, url', async () => {
    for (const [path, types, active] of [
      ['commands', ['command.*'], true],
      ['everything', ['*'], false],
      ['reminders', ['event.reminder'], true],
    ] as const) {
      const reply = await call('POST', '/api/v1/subscriptions', {
        url: `https://hooks.example.test/${path}`,
        event_types: types,
        active,
        description: `the ${path} hook`,
      });
      secrets.push(reply.body.secret);
    }
    const all = await list({ sort: ['url', 'ASC'], range: [0, 1] });
    assert.equal(all.status, 200);
    assert.equal(all.headers.get('content-range'), 'subscriptions 0-1/5');
    assert.deepEqual(
      all.body.map((s: Json) => s.url),
      ['https://hooks.example.test/commands', 'https://hooks.example.test/everything'],
    );
    assert.ok(all.body.every((s: Json) => s.secret === 'set'));

    const urls = async (filter: Json) =>
      (await list({ filter, sort: ['url', 'ASC'] })).body.map((s: Json) => (s.url as string).split('/').pop());
    assert.deepEqual(await urls({ event_type: 'event.created' }), ['everything', 'abc', 'race']);
    assert.deepEqual(await urls({ event_type: 'event.reminder' }), ['everything', 'reminders', 'abc', 'race']);
    assert.deepEqual(await urls({ event_type: 'command.failed' }), ['commands', 'everything', 'race']);
    assert.deepEqual(await urls({ active: false }), ['everything']);
    assert.deepEqual(await urls({ q: 'REMINDERS hook' }), ['reminders']);
    assert.deepEqual(await urls({ q: 'nothing like this' }), []);
    assert.deepEqual(await urls({ q: 'reminders' }), ['reminders']);
    assert.deepEqual(await urls({ q: 'command.*' }), ['commands']);
    assert.deepEqual(await urls({ url: 'https://hooks.example.test/commands' }), ['commands']);
    assert.deepEqual(await urls({ id: [first.id] }), ['abc']);

    for (const bad of [
      { filter: { active: 'no' } },
      { filter: { event_type: 'event.*' } },
      { filter: { secret: 'x' } },
      { sort: ['secret', 'ASC'] },
    ]) {
      const reply = await list(bad);
      assert.equal(reply.status, 400, `${JSON.stringify(bad)} → ${reply.text}`);
    }
  });

  it('PUT replaces the whole record, ignores read-only fields and refuses a url in use', async () => {
    const current = (await call('GET', `/api/v1/subscriptions/${first.id}`)).body;
    const put = await call('PUT', `/api/v1/subscriptions/${first.id}`, {
      ...current,
      url: 'https://n8n.example.test/webhook/moved',
      event_types: ['event.completed'],
      description: '',
      secret: GIVEN.replace('B', 'C'),
      consecutive_failures: 99,
      created_by: 'someone else',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.url, 'https://n8n.example.test/webhook/moved');
    assert.deepEqual(put.body.event_types, ['event.completed']);
    assert.equal(put.body.description, null);
    assert.equal(put.body.consecutive_failures, 0);
    assert.equal(put.body.created_by, 'n8n trigger');
    assert.equal(await secretOf(first.id as string), GIVEN, 'PUT does not touch the secret');

    const taken = await call('PUT', `/api/v1/subscriptions/${first.id}`, {
      ...put.body,
      url: 'https://hooks.example.test/commands',
    });
    assert.equal(taken.status, 409);
    assert.ok(taken.body.errors.url);
    const missing = await call('PUT', '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000', put.body);
    assert.equal(missing.status, 404);
    const partial = await call('PUT', `/api/v1/subscriptions/${first.id}`, { url: put.body.url });
    assert.equal(partial.status, 400);
    assert.ok(partial.body.errors.event_types && partial.body.errors.active);
    assert.equal((await call('GET', `/api/v1/subscriptions/${first.id}`)).body.url, put.body.url);
  });

  it('rotates the secret: a new one (generated or given) shown in that response only', async () => {
    const rotated = await call('POST', `/api/v1/subscriptions/${first.id}/rotate-secret`, {});
    assert.equal(rotated.status, 200, rotated.text);
    assert.ok(isValidSecret(rotated.body.secret));
    assert.notEqual(rotated.body.secret, GIVEN);
    secrets.push(rotated.body.secret);
    assert.equal(await secretOf(first.id as string), rotated.body.secret);

    const given = `whsec_${Buffer.alloc(48, 9).toString('base64')}`;
    const chosen = await call('POST', `/api/v1/subscriptions/${first.id}/rotate-secret`, { secret: given });
    assert.equal(chosen.body.secret, given);
    secrets.push(given);
    assert.equal((await call('POST', `/api/v1/subscriptions/${first.id}/rotate-secret`, { secret: 'x' })).status, 400);
    assert.equal(
      (await call('POST', '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/rotate-secret', {})).status,
      404,
    );
    assert.equal(await secretOf(first.id as string), given);
  });

  it('fans emitted events out to matching active subscriptions; deleting one detaches its outbox rows', async () => {
    const emitted = await withTransaction(pool, (client) =>
      emitEvent(client, { type: 'command.failed', data: { id: 1 } }),
    );
    const rows = (
      await pool.query(
        `SELECT o.subscription_id, s.url FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id
          WHERE o.payload->>'id' = $1 ORDER BY s.url`,
        [emitted.messageId],
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => r.url.split('/').pop()),
      ['commands', 'race'],
      'the inactive "everything" subscription gets nothing',
    );
    const commands = rows[0].subscription_id;
    const deleted = await call('DELETE', `/api/v1/subscriptions/${commands}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.url, 'https://hooks.example.test/commands');
    assert.equal(deleted.body.secret, 'set');
    const detached = await pool.query(
      `SELECT status, subscription_id FROM outbox WHERE payload->>'id' = $1 AND target = $2`,
      [emitted.messageId, 'https://hooks.example.test/commands'],
    );
    assert.deepEqual(detached.rows, [{ status: 'pending', subscription_id: null }]);
    assert.equal((await call('GET', `/api/v1/subscriptions/${commands}`)).status, 404);
    assert.equal((await call('DELETE', `/api/v1/subscriptions/${commands}`)).status, 404);
  });

  it('needs workflows.manage, also for reading', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/subscriptions'],
      ['GET', `/api/v1/subscriptions/${first.id}`],
      ['POST', '/api/v1/subscriptions'],
      ['POST', `/api/v1/subscriptions/${first.id}/rotate-secret`],
      ['DELETE', `/api/v1/subscriptions/${first.id}`],
    ]) {
      const reply = await call(method!, path!, method === 'GET' ? undefined : {}, eventsKey);
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.equal(reply.body.missingScope, 'workflows.manage');
    }
    assert.equal((await request(api.url, 'GET', '/api/v1/subscriptions')).status, 401);
  });

  it('audits every change without ever recording or returning a secret', async () => {
    const audit = await pool.query(
      `SELECT action, entity_id, old_value, new_value, details, actor_label FROM audit_log
        WHERE entity = 'subscription' ORDER BY seq`,
    );
    const actions = audit.rows.map((r) => r.action);
    for (const action of ['create', 'update', 'register', 'rotate_secret', 'delete'])
      assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    const registered = audit.rows.find((r) => r.action === 'register' && r.details.secret_replaced);
    assert.deepEqual(registered.new_value.event_types, ['event.*']);
    assert.ok(audit.rows.every((r) => r.actor_label === 'n8n trigger'));

    const everything = JSON.stringify((await pool.query(`SELECT * FROM audit_log WHERE entity = 'subscription'`)).rows);
    for (const secret of [...secrets, GIVEN])
      assert.ok(!everything.includes(secret.slice('whsec_'.length)), 'a secret is in the audit log');
    // Secrets are only ever in the answers of POST (create / re-register with a new one) and
    // rotate-secret, never in a GET, PUT or DELETE.
    const showing = replies.filter((r) => r.text.includes('whsec_'));
    assert.ok(showing.length >= 8);
    for (const reply of showing) assert.equal(reply.method, 'POST', `${reply.method} ${reply.path} showed a secret`);
  });
});
