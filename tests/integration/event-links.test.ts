// /api/v1/events/{eventId}/links over HTTP: create, list in both directions, delete; refusals
// (duplicate 409, self-link and unknown target 400); depends_on cycles of length 2 and 3
// refused with their path, a DAG accepted, concurrent opposite depends_on never both
// accepted; cascade on event delete; audit; scopes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

describe('event links resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let writer: string;
  let reader: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    writer = (await createApiKey(pool, { name: 'writer', scopes: ['events.read', 'events.write'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = writer) =>
    request(api.url, method, path, { token: key, body });
  const links = (eventId: string) => `/api/v1/events/${eventId}/links`;
  const link = (source: string, target: string, linkType?: string) =>
    call('POST', links(source), { target_event_id: target, ...(linkType ? { link_type: linkType } : {}) });

  async function newEvent(title: string): Promise<string> {
    const result = await pool.query<{ id: string }>(
      `INSERT INTO events (title, start_at, end_at) VALUES ($1, '2030-02-01T09:00:00Z', '2030-02-01T10:00:00Z') RETURNING id`,
      [title],
    );
    return result.rows[0]!.id;
  }

  it('creates a link and lists it from both ends with the other event', async () => {
    const a = await newEvent('Kick-off');
    const b = await newEvent('Review');
    const created = await link(a, b, 'follows');
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.link_type, 'follows');
    assert.equal(created.body.source_event_id, a);
    assert.equal(created.body.target_event_id, b);
    assert.equal(created.body.direction, 'outgoing');
    assert.deepEqual(created.body.other, {
      id: b,
      title: 'Review',
      start_at: '2030-02-01T09:00:00.000Z',
      end_at: '2030-02-01T10:00:00.000Z',
      status: 'scheduled',
    });
    const defaulted = await link(b, a);
    assert.equal(defaulted.body.link_type, 'related');

    const fromA = await call('GET', links(a), undefined, reader);
    assert.equal(fromA.status, 200, fromA.text);
    assert.deepEqual(
      fromA.body.map((l: Json) => [l.direction, l.link_type, (l.other as Json).title]),
      [
        ['outgoing', 'follows', 'Review'],
        ['incoming', 'related', 'Review'],
      ],
    );
    const fromB = await call('GET', links(b), undefined, reader);
    assert.deepEqual(
      fromB.body.map((l: Json) => [l.id, l.direction, (l.other as Json).title]),
      [
        [created.body.id, 'incoming', 'Kick-off'],
        [defaulted.body.id, 'outgoing', 'Kick-off'],
      ],
    );
    assert.equal((await call('GET', links(await newEvent('Lonely')))).body.length, 0);
  });

  it('refuses duplicates (409), self-links and unknown targets (400 on target_event_id)', async () => {
    const a = await newEvent('A');
    const b = await newEvent('B');
    assert.equal((await link(a, b, 'replaces')).status, 200);
    const duplicate = await link(a, b, 'replaces');
    assert.equal(duplicate.status, 409);
    assert.ok(duplicate.body.errors.target_event_id);
    assert.equal((await link(a, b, 'related')).status, 200); // another type is another link
    assert.equal((await link(b, a, 'replaces')).status, 200); // and the other direction too
    const self = await link(a, a, 'related');
    assert.equal(self.status, 400);
    assert.match(self.body.errors.target_event_id, /itself/);
    const unknown = await link(a, randomUUID());
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.errors.target_event_id, /no event/);
    const badType = await call('POST', links(a), { target_event_id: b, link_type: 'blocks' });
    assert.equal(badType.status, 400);
    assert.ok(badType.body.errors.link_type);
    const malformed = await call('POST', links(a), { target_event_id: 'b' });
    assert.equal(malformed.status, 400);
    assert.ok(malformed.body.errors.target_event_id);
    assert.equal((await call('GET', links(a))).body.length, 3);
  });

  it('answers 404 for an unknown event and for a link that is not this event’s', async () => {
    const a = await newEvent('A');
    const b = await newEvent('B');
    const c = await newEvent('C');
    const ab = (await link(a, b)).body.id;
    const missing = randomUUID();
    assert.equal((await call('GET', links(missing))).status, 404);
    assert.equal((await link(missing, a)).status, 404);
    assert.equal((await call('DELETE', `${links(missing)}/${ab}`)).status, 404);
    assert.equal((await call('DELETE', `${links(c)}/${ab}`)).status, 404);
    assert.equal((await call('DELETE', `${links(a)}/${randomUUID()}`)).status, 404);
    assert.equal((await call('GET', links('nope'))).status, 400);
  });

  it('deletes a link from either end, answering it as it was', async () => {
    const a = await newEvent('A');
    const b = await newEvent('B');
    const first = (await link(a, b, 'depends_on')).body.id;
    const second = (await link(a, b, 'related')).body.id;
    const fromSource = await call('DELETE', `${links(a)}/${first}`);
    assert.equal(fromSource.status, 200, fromSource.text);
    assert.equal(fromSource.body.id, first);
    assert.equal(fromSource.body.direction, 'outgoing');
    const fromTarget = await call('DELETE', `${links(b)}/${second}`);
    assert.equal(fromTarget.status, 200);
    assert.equal(fromTarget.body.direction, 'incoming');
    assert.equal((await call('DELETE', `${links(a)}/${first}`)).status, 404);
    assert.equal((await call('GET', links(a))).body.length, 0);
  });

  it('refuses a depends_on cycle of length 2 with its path', async () => {
    const a = await newEvent('Alpha');
    const b = await newEvent('Beta');
    assert.equal((await link(a, b, 'depends_on')).status, 200);
    const refused = await link(b, a, 'depends_on');
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(refused.body.cycle, [
      { id: b, title: 'Beta' },
      { id: a, title: 'Alpha' },
      { id: b, title: 'Beta' },
    ]);
    assert.match(refused.body.errors.target_event_id, /"Beta" → "Alpha" → "Beta"/);
    assert.match(refused.body.detail, /cycle/);
    // Only depends_on is checked: other types may point back.
    assert.equal((await link(b, a, 'related')).status, 200);
    assert.equal((await link(b, a, 'follows')).status, 200);
  });

  it('refuses a depends_on cycle of length 3 with its path and accepts a DAG', async () => {
    const a = await newEvent('A');
    const b = await newEvent('B');
    const c = await newEvent('C');
    const d = await newEvent('D');
    // Diamond: A → B → D, A → C → D, plus B → C: a DAG.
    for (const [s, t] of [
      [a, b],
      [a, c],
      [b, d],
      [c, d],
      [b, c],
    ] as const) {
      const reply = await link(s, t, 'depends_on');
      assert.equal(reply.status, 200, reply.text);
    }
    const threeCycle = await link(c, a, 'depends_on');
    assert.equal(threeCycle.status, 409);
    // The shortest way back: C → A → C.
    assert.deepEqual(
      threeCycle.body.cycle.map((e: Json) => e.title),
      ['C', 'A', 'C'],
    );
    const longer = await link(d, a, 'depends_on');
    assert.equal(longer.status, 409);
    assert.deepEqual(
      longer.body.cycle.map((e: Json) => e.title),
      ['D', 'A', 'B', 'D'],
    );
    assert.deepEqual(
      longer.body.cycle.map((e: Json) => e.id),
      [d, a, b, d],
    );
    const x = await newEvent('X');
    const y = await newEvent('Y');
    const z = await newEvent('Z');
    assert.equal((await link(x, y, 'depends_on')).status, 200);
    assert.equal((await link(y, z, 'depends_on')).status, 200);
    const xyz = await link(z, x, 'depends_on');
    assert.equal(xyz.status, 409);
    assert.deepEqual(
      xyz.body.cycle.map((e: Json) => e.title),
      ['Z', 'X', 'Y', 'Z'],
    );
    assert.match(xyz.body.errors.target_event_id, /"Z" → "X" → "Y" → "Z"/);
    // More edges that keep it acyclic are fine.
    assert.equal((await link(d, x, 'depends_on')).status, 200);
    assert.equal((await link(a, z, 'depends_on')).status, 200);
    const count = await pool.query(`SELECT count(*)::int AS n FROM event_links WHERE link_type = 'depends_on'`);
    assert.ok(count.rows[0].n >= 9);
  });

  it('never accepts both of two concurrent opposite depends_on links (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const a = await newEvent(`A${round}`);
      const b = await newEvent(`B${round}`);
      const [ab, ba] = await Promise.all([link(a, b, 'depends_on'), link(b, a, 'depends_on')]);
      const statuses = [ab.status, ba.status].sort();
      assert.deepEqual(statuses, [200, 409], `round ${round}: ${ab.text} / ${ba.text}`);
      const stored = await pool.query(
        `SELECT count(*)::int AS n FROM event_links WHERE link_type = 'depends_on' AND source_event_id = ANY($1::uuid[])`,
        [[a, b]],
      );
      assert.equal(stored.rows[0].n, 1);
    }
  });

  it('removes an event’s links when the event is deleted (cascade)', async () => {
    const a = await newEvent('Doomed');
    const b = await newEvent('Survivor');
    const c = await newEvent('Other');
    await link(a, b, 'depends_on');
    await link(c, a, 'related');
    await link(b, c, 'follows');
    await pool.query('DELETE FROM events WHERE id = $1', [a]);
    const left = await pool.query(
      'SELECT source_event_id, target_event_id FROM event_links WHERE $1 IN (source_event_id, target_event_id)',
      [a],
    );
    assert.equal(left.rowCount, 0);
    assert.deepEqual(
      (await call('GET', links(b))).body.map((l: Json) => (l.other as Json).title),
      ['Other'],
    );
    assert.equal((await call('GET', links(a))).status, 404);
  });

  it('audits creates and deletes and writes no outbox message', async () => {
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id) VALUES ('https://example.test/hook', ARRAY['*'], '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    const outboxBefore = Number((await pool.query('SELECT count(*) FROM outbox')).rows[0].count);
    const a = await newEvent('A');
    const b = await newEvent('B');
    const id = (await link(a, b, 'depends_on')).body.id;
    await call('DELETE', `${links(b)}/${id}`);
    const audit = await pool.query(
      `SELECT action, actor_label, scope, old_value, new_value FROM audit_log WHERE entity = 'event_link' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['create', 'delete'],
    );
    const view = { source_event_id: a, target_event_id: b, link_type: 'depends_on' };
    assert.deepEqual(audit.rows[0].new_value, view);
    assert.deepEqual(audit.rows[1].old_value, view);
    assert.equal(audit.rows[0].actor_label, 'writer');
    assert.equal(audit.rows[0].scope, 'events.write');
    assert.equal(Number((await pool.query('SELECT count(*) FROM outbox')).rows[0].count), outboxBefore);
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });

  it('lets an events.read key list but not change links (403 naming the scope)', async () => {
    const a = await newEvent('A');
    const b = await newEvent('B');
    const id = (await link(a, b)).body.id;
    assert.equal((await call('GET', links(a), undefined, reader)).status, 200);
    const create = await call('POST', links(a), { target_event_id: b, link_type: 'follows' }, reader);
    assert.equal(create.status, 403);
    assert.match(create.body.detail, /events\.write/);
    assert.equal(create.body.missingScope, 'events.write');
    const remove = await call('DELETE', `${links(a)}/${id}`, undefined, reader);
    assert.equal(remove.status, 403);
    assert.match(remove.body.detail, /events\.write/);
    const templatesOnly = (await createApiKey(pool, { name: 'tpl', scopes: ['templates.write'] })).key;
    assert.equal((await call('GET', links(a), undefined, templatesOnly)).status, 403);
    assert.equal((await call('GET', links(a))).body.length, 1);
  });
});
