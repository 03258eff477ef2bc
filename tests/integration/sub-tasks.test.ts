// /api/v1/events/{eventId}/sub-tasks over HTTP: add (append / insert at a position), replace,
// tick/untick, delete keeping positions dense, reorder (valid and refused), progress, 20
// concurrent appends, one outbox row per change, audit rows, 404s and scopes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { insertChecklist } from '../../admin-api/src/modules/sub-tasks/repo.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

describe('sub-tasks resource', () => {
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

  async function newEvent(title = 'Event'): Promise<string> {
    const result = await pool.query<{ id: string }>(
      `INSERT INTO events (title, start_at, end_at) VALUES ($1, '2030-01-01T10:00:00Z', '2030-01-01T11:00:00Z') RETURNING id`,
      [title],
    );
    return result.rows[0]!.id;
  }

  const base = (eventId: string) => `/api/v1/events/${eventId}/sub-tasks`;
  const texts = async (eventId: string) =>
    (await call('GET', base(eventId), undefined, reader)).body.map((s: Json) => s.text);
  const positions = async (eventId: string) =>
    (await pool.query('SELECT position FROM sub_tasks WHERE event_id = $1 ORDER BY position', [eventId])).rows.map(
      (r) => r.position,
    );
  const outboxCount = async (eventId: string) =>
    Number(
      (await pool.query(`SELECT count(*) FROM outbox WHERE entity = 'event' AND entity_id = $1`, [eventId])).rows[0]
        .count,
    );

  it('appends, inserts at a position and lists by position with the progress', async () => {
    const eventId = await newEvent();
    assert.deepEqual((await call('GET', base(eventId), undefined, reader)).body, []);
    const first = await call('POST', base(eventId), { text: '  Book room  ' });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.sub_task.text, 'Book room');
    assert.equal(first.body.sub_task.position, 0);
    assert.equal(first.body.sub_task.notes, null);
    assert.equal(first.body.sub_task.completed, false);
    assert.equal(first.body.sub_task.event_id, eventId);
    assert.deepEqual(first.body.progress, { done: 0, total: 1, all_done: false });
    await call('POST', base(eventId), { text: 'Send agenda', notes: 'by Friday' });
    const front = await call('POST', base(eventId), { text: 'Pick a date', position: 0 });
    assert.equal(front.body.sub_task.position, 0);
    const middle = await call('POST', base(eventId), { text: 'Invite', position: 2, completed: true });
    assert.equal(middle.body.sub_task.position, 2);
    assert.ok(middle.body.sub_task.completed_at);
    assert.deepEqual(middle.body.progress, { done: 1, total: 4, all_done: false });
    const end = await call('POST', base(eventId), { text: 'Follow up', position: 4 });
    assert.equal(end.body.sub_task.position, 4);
    const listed = await call('GET', base(eventId), undefined, reader);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((s: Json) => [s.position, s.text]),
      [
        [0, 'Pick a date'],
        [1, 'Book room'],
        [2, 'Invite'],
        [3, 'Send agenda'],
        [4, 'Follow up'],
      ],
    );
    assert.equal(listed.body[3].notes, 'by Friday');
  });

  it('refuses bad input field by field and an out-of-range position, writing nothing', async () => {
    const eventId = await newEvent();
    await call('POST', base(eventId), { text: 'one' });
    const bad = await call('POST', base(eventId), { text: '   ', completed: 'yes', position: -1 });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), ['completed', 'position', 'text']);
    const far = await call('POST', base(eventId), { text: 'two', position: 5 });
    assert.equal(far.status, 400);
    assert.match(far.body.errors.position, /between 0 and 1/);
    assert.equal((await call('POST', base(eventId), { text: 'x'.repeat(1001) })).body.errors.text !== undefined, true);
    assert.deepEqual(await texts(eventId), ['one']);
  });

  it('answers 404 for an unknown event or a sub-task of another event, 400 for a malformed id', async () => {
    const eventId = await newEvent();
    const other = await newEvent();
    const foreign = (await call('POST', base(other), { text: 'theirs' })).body.sub_task.id;
    const missing = randomUUID();
    assert.equal((await call('GET', base(missing))).status, 404);
    assert.equal((await call('POST', base(missing), { text: 'x' })).status, 404);
    assert.equal((await call('POST', `${base(missing)}/reorder`, { ids: [] })).status, 404);
    for (const [method, suffix, body] of [
      ['PUT', '', { text: 'x', completed: false }],
      ['POST', '/tick', undefined],
      ['POST', '/untick', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      assert.equal(
        (await call(method, `${base(eventId)}/${foreign}${suffix}`, body)).status,
        404,
        `${method} ${suffix}`,
      );
      assert.equal((await call(method, `${base(missing)}/${foreign}${suffix}`, body)).status, 404);
    }
    const malformed = await call('GET', base('not-a-uuid'));
    assert.equal(malformed.status, 400);
    assert.ok(malformed.body.errors['params.eventId']);
  });

  it('replaces text, notes and completed, ignoring read-only fields', async () => {
    const eventId = await newEvent();
    const created = (await call('POST', base(eventId), { text: 'Draft', notes: 'n' })).body.sub_task;
    await call('POST', base(eventId), { text: 'Second' });
    const put = await call('PUT', `${base(eventId)}/${created.id}`, {
      ...created,
      text: 'Final',
      notes: '',
      completed: true,
      position: 1,
      id: randomUUID(),
      completed_at: '2000-01-01T00:00:00Z',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.sub_task.id, created.id);
    assert.equal(put.body.sub_task.text, 'Final');
    assert.equal(put.body.sub_task.notes, null);
    assert.equal(put.body.sub_task.position, 0);
    assert.ok(Date.parse(put.body.sub_task.completed_at) > Date.parse('2020-01-01'));
    assert.deepEqual(put.body.progress, { done: 1, total: 2, all_done: false });
    const missingCompleted = await call('PUT', `${base(eventId)}/${created.id}`, { text: 'x' });
    assert.equal(missingCompleted.status, 400);
    assert.ok(missingCompleted.body.errors.completed);
  });

  it('ticks and unticks: completed_at set and cleared, progress follows, repeating is a no-op', async () => {
    const eventId = await newEvent();
    const a = (await call('POST', base(eventId), { text: 'a' })).body.sub_task;
    const b = (await call('POST', base(eventId), { text: 'b' })).body.sub_task;
    const tickA = await call('POST', `${base(eventId)}/${a.id}/tick`);
    assert.equal(tickA.status, 200, tickA.text);
    assert.equal(tickA.body.sub_task.completed, true);
    assert.ok(tickA.body.sub_task.completed_at);
    assert.deepEqual(tickA.body.progress, { done: 1, total: 2, all_done: false });
    const outboxBefore = await outboxCount(eventId);
    const again = await call('POST', `${base(eventId)}/${a.id}/tick`);
    assert.equal(again.body.sub_task.completed_at, tickA.body.sub_task.completed_at);
    const tickB = await call('POST', `${base(eventId)}/${b.id}/tick`);
    assert.deepEqual(tickB.body.progress, { done: 2, total: 2, all_done: true });
    const untick = await call('POST', `${base(eventId)}/${a.id}/untick`);
    assert.equal(untick.body.sub_task.completed, false);
    assert.equal(untick.body.sub_task.completed_at, null);
    assert.deepEqual(untick.body.progress, { done: 1, total: 2, all_done: false });
    const row = await pool.query('SELECT completed, completed_at FROM sub_tasks WHERE id = $1', [a.id]);
    assert.deepEqual(row.rows[0], { completed: false, completed_at: null });
    const ticks = await pool.query(
      `SELECT action FROM audit_log WHERE entity = 'sub_task' AND entity_id = $1 ORDER BY seq`,
      [a.id],
    );
    assert.deepEqual(
      ticks.rows.map((r) => r.action),
      ['create', 'tick', 'untick'],
    );
    assert.equal(await outboxCount(eventId), outboxBefore); // no subscription: nothing queued
  });

  it('deletes keeping positions dense (0..n-1) and answers the deleted sub-task', async () => {
    const eventId = await newEvent();
    const ids: string[] = [];
    for (const text of ['a', 'b', 'c', 'd', 'e'])
      ids.push((await call('POST', base(eventId), { text })).body.sub_task.id);
    const middle = await call('DELETE', `${base(eventId)}/${ids[2]}`);
    assert.equal(middle.status, 200, middle.text);
    assert.equal(middle.body.sub_task.text, 'c');
    assert.deepEqual(middle.body.progress, { done: 0, total: 4, all_done: false });
    await call('DELETE', `${base(eventId)}/${ids[0]}`);
    await call('DELETE', `${base(eventId)}/${ids[4]}`);
    assert.deepEqual(await positions(eventId), [0, 1]);
    assert.deepEqual(await texts(eventId), ['b', 'd']);
    assert.equal((await call('DELETE', `${base(eventId)}/${ids[2]}`)).status, 404);
  });

  it('reorders in one go and refuses missing, foreign and repeated ids with a clear field error', async () => {
    const eventId = await newEvent();
    const ids: string[] = [];
    for (const text of ['a', 'b', 'c', 'd']) ids.push((await call('POST', base(eventId), { text })).body.sub_task.id);
    await call('POST', `${base(eventId)}/${ids[1]}/tick`);
    const [a, b, c, d] = ids as [string, string, string, string];
    const reordered = await call('POST', `${base(eventId)}/reorder`, { ids: [d, b, a, c] });
    assert.equal(reordered.status, 200, reordered.text);
    assert.deepEqual(
      reordered.body.sub_tasks.map((s: Json) => [s.position, s.text]),
      [
        [0, 'd'],
        [1, 'b'],
        [2, 'a'],
        [3, 'c'],
      ],
    );
    assert.deepEqual(reordered.body.progress, { done: 1, total: 4, all_done: false });
    assert.deepEqual(await texts(eventId), ['d', 'b', 'a', 'c']);

    const foreignId = (await call('POST', base(await newEvent()), { text: 'other' })).body.sub_task.id;
    const missing = await call('POST', `${base(eventId)}/reorder`, { ids: [a, b, c] });
    assert.equal(missing.status, 400);
    assert.match(missing.body.errors.ids, /exactly once/);
    assert.match(missing.body.errors.ids, new RegExp(`missing ${d}`));
    assert.deepEqual(missing.body.missing, [d]);
    const foreign = await call('POST', `${base(eventId)}/reorder`, { ids: [a, b, c, d, foreignId] });
    assert.equal(foreign.status, 400);
    assert.match(foreign.body.errors.ids, /not sub-tasks of this event/);
    assert.deepEqual(foreign.body.unknown, [foreignId]);
    const swapped = await call('POST', `${base(eventId)}/reorder`, { ids: [a, b, c, foreignId] });
    assert.deepEqual([swapped.body.missing, swapped.body.unknown], [[d], [foreignId]]);
    const duplicate = await call('POST', `${base(eventId)}/reorder`, { ids: [a, b, c, d, a] });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.body.errors.ids, /more than once/);
    assert.deepEqual(duplicate.body.duplicates, [a]);
    const malformed = await call('POST', `${base(eventId)}/reorder`, { ids: ['x'] });
    assert.equal(malformed.status, 400);
    assert.ok(malformed.body.errors['ids.0']);
    assert.deepEqual(await texts(eventId), ['d', 'b', 'a', 'c']);

    const audit = await pool.query(
      `SELECT entity_id, old_value, new_value FROM audit_log WHERE entity = 'sub_task' AND action = 'reorder'`,
    );
    assert.equal(audit.rowCount, 1);
    assert.equal(audit.rows[0].entity_id, eventId);
    assert.deepEqual(audit.rows[0].old_value, { ids: [a, b, c, d] });
    assert.deepEqual(audit.rows[0].new_value, { ids: [d, b, a, c] });
  });

  it('serialises 20 concurrent appends: positions 0..19, no error', async () => {
    const eventId = await newEvent();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('POST', base(eventId), { text: `item ${i}` })),
    );
    assert.deepEqual(
      replies.map((r) => r.status),
      Array(20).fill(200),
      replies.map((r) => r.text).join('\n'),
    );
    assert.deepEqual(await positions(eventId), [...Array(20).keys()]);
    assert.deepEqual(
      replies.map((r) => r.body.sub_task.position).sort((x: number, y: number) => x - y),
      [...Array(20).keys()],
    );
    // Mixed concurrent inserts at the front and deletes keep the list dense as well.
    const listed = (await call('GET', base(eventId))).body as Json[];
    await Promise.all([
      ...listed.slice(0, 5).map((s) => call('DELETE', `${base(eventId)}/${s.id}`)),
      ...Array.from({ length: 5 }, (_, i) => call('POST', base(eventId), { text: `front ${i}`, position: 0 })),
    ]);
    assert.deepEqual(await positions(eventId), [...Array(20).keys()]);
  });

  it('queues one event.updated outbox message per change when a subscription wants it, with the event record', async () => {
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id) VALUES ('https://example.test/hook', ARRAY['event.*'], '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    const eventId = await newEvent('Checked');
    const a = (await call('POST', base(eventId), { text: 'a' })).body.sub_task;
    const b = (await call('POST', base(eventId), { text: 'b' })).body.sub_task;
    await call('PUT', `${base(eventId)}/${a.id}`, { text: 'A', completed: false });
    await call('POST', `${base(eventId)}/${a.id}/tick`);
    await call('POST', `${base(eventId)}/${a.id}/tick`); // no change → no message
    await call('POST', `${base(eventId)}/${a.id}/untick`);
    await call('POST', `${base(eventId)}/reorder`, { ids: [b.id, a.id] });
    await call('DELETE', `${base(eventId)}/${b.id}`);
    await call('POST', base(eventId), { text: 'refused', position: 9 }); // refused → no message
    const rows = await pool.query(
      `SELECT event_type, entity, payload FROM outbox WHERE entity_id = $1 ORDER BY created_at, id`,
      [eventId],
    );
    assert.equal(rows.rowCount, 7);
    for (const row of rows.rows) {
      assert.equal(row.event_type, 'event.updated');
      assert.equal(row.entity, 'event');
      assert.equal(row.payload.type, 'event.updated');
      assert.equal(row.payload.data.id, eventId);
      assert.equal(row.payload.data.title, 'Checked');
    }
    const progresses = rows.rows.map((r) => r.payload.data.progress);
    assert.deepEqual(progresses.at(-1), { done: 0, total: 1, all_done: false });
    assert.ok(progresses.some((p: Json) => p.done === 1 && p.total === 2));
  });

  it('audits every change with old and new values, and the chain verifies', async () => {
    const eventId = await newEvent();
    const s = (await call('POST', base(eventId), { text: 'audited', notes: 'x' })).body.sub_task;
    await call('PUT', `${base(eventId)}/${s.id}`, { text: 'audited!', notes: null, completed: false });
    await call('DELETE', `${base(eventId)}/${s.id}`);
    const audit = await pool.query(
      `SELECT action, actor_label, scope, old_value, new_value, details FROM audit_log WHERE entity = 'sub_task' AND entity_id = $1 ORDER BY seq`,
      [s.id],
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['create', 'update', 'delete'],
    );
    assert.equal(audit.rows[0].actor_label, 'writer');
    assert.equal(audit.rows[0].scope, 'events.write');
    assert.deepEqual(audit.rows[0].details, { event_id: eventId });
    assert.equal(audit.rows[0].new_value.text, 'audited');
    assert.deepEqual([audit.rows[1].old_value.text, audit.rows[1].new_value.text], ['audited', 'audited!']);
    assert.equal(audit.rows[2].old_value.text, 'audited!');
    assert.equal(audit.rows[2].new_value, null);
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });

  it('lets an events.read key read but not change (403 naming the scope)', async () => {
    const eventId = await newEvent();
    const s = (await call('POST', base(eventId), { text: 'x' })).body.sub_task;
    assert.equal((await call('GET', base(eventId), undefined, reader)).status, 200);
    for (const [method, path] of [
      ['POST', base(eventId)],
      ['PUT', `${base(eventId)}/${s.id}`],
      ['POST', `${base(eventId)}/${s.id}/tick`],
      ['POST', `${base(eventId)}/reorder`],
      ['DELETE', `${base(eventId)}/${s.id}`],
    ] as const) {
      const denied = await call(method, path, { text: 'y', completed: true, ids: [s.id] }, reader);
      assert.equal(denied.status, 403, `${method} ${path}`);
      assert.match(denied.body.detail, /events\.write/);
      assert.equal(denied.body.missingScope, 'events.write');
    }
    const templatesOnly = (await createApiKey(pool, { name: 'tpl', scopes: ['templates.read'] })).key;
    assert.equal((await call('GET', base(eventId), undefined, templatesOnly)).status, 403);
    assert.deepEqual(await texts(eventId), ['x']);
  });

  it('enforces at most 500 sub-tasks per event', async () => {
    const eventId = await newEvent();
    const client = await pool.connect();
    try {
      const rows = await insertChecklist(
        client,
        eventId,
        Array.from({ length: 499 }, (_, i) => ({ text: `t${i}` })),
      );
      assert.equal(rows.length, 499);
    } finally {
      client.release();
    }
    assert.equal((await call('POST', base(eventId), { text: 'last one' })).status, 200);
    const full = await call('POST', base(eventId), { text: 'one too many' });
    assert.equal(full.status, 409);
    assert.match(full.body.detail, /500/);
    assert.equal((await call('GET', base(eventId))).body.length, 500);
  });

  it('insertChecklist appends a template checklist in order after existing sub-tasks', async () => {
    const eventId = await newEvent();
    await call('POST', base(eventId), { text: 'existing' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rows = await insertChecklist(client, eventId, [
        { text: 'Book room' },
        { text: 'Send agenda', notes: 'to all' },
        { text: 'Prepare', notes: '' },
      ]);
      await client.query('COMMIT');
      assert.deepEqual(
        rows.map((r) => [r.position, r.text, r.notes]),
        [
          [1, 'Book room', null],
          [2, 'Send agenda', 'to all'],
          [3, 'Prepare', null],
        ],
      );
      assert.deepEqual(await insertChecklist(client, eventId, []), []);
    } finally {
      client.release();
    }
    assert.deepEqual(await texts(eventId), ['existing', 'Book room', 'Send agenda', 'Prepare']);
    assert.deepEqual(await positions(eventId), [0, 1, 2, 3]);
  });
});
