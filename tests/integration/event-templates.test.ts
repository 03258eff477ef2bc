// /api/v1/event-templates over HTTP: CRUD with normalised input (attendees, tags, reminder
// offsets, checklist), field-keyed validation errors, 409 on a taken name, unknown calendars,
// the list contract, usage_count from events, delete keeping events, audit and scopes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { getEventTemplate } from '../../admin-api/src/modules/event-templates/repo.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

const base = '/api/v1/event-templates';
const list = (params: Record<string, unknown>) =>
  `${base}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, JSON.stringify(v)])).toString()}`;

describe('event templates resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let writer: string;
  let reader: string;
  let otherScope: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    writer = (await createApiKey(pool, { name: 'planner', scopes: ['events.read', 'events.write'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    otherScope = (await createApiKey(pool, { name: 'templater', scopes: ['templates.write'] })).key;
    await pool.query(`INSERT INTO calendars (id, name) VALUES ('work', 'Work'), ('home', 'Home')`);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = writer) =>
    request(api.url, method, path, { token: key, body });

  const standup = {
    name: 'Daily stand-up',
    title: 'Stand-up',
    description: 'Fifteen minutes, standing.',
    calendar_id: 'work',
    event_type: ' meeting ',
    location: 'Room 4',
    duration_minutes: 15,
    attendees: ['Ann@Example.com', 'bob@example.com', ' ann@example.COM '],
    tags: ['team', ' daily', 'team'],
    mode: 'auto_plan',
    reminder_offsets: [30, 5, 30, 0],
    checklist: ['Check the board', { text: 'Note blockers', notes: 'in the wiki' }, { text: 'Close', notes: '' }],
  };
  let standupId: string;
  const count = async () => Number((await pool.query('SELECT count(*) FROM event_templates')).rows[0].count);

  it('creates, reads, replaces and deletes a template, normalising its input', async () => {
    const created = await call('POST', base, standup);
    assert.equal(created.status, 200, created.text);
    standupId = created.body.id;
    const { id: _id, created_at: createdAt, updated_at: _updated, ...content } = created.body;
    assert.match(createdAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(content, {
      name: 'Daily stand-up',
      title: 'Stand-up',
      description: 'Fifteen minutes, standing.',
      calendar_id: 'work',
      event_type: 'meeting',
      location: 'Room 4',
      duration_minutes: 15,
      attendees: ['ann@example.com', 'bob@example.com'],
      tags: ['team', 'daily'],
      mode: 'auto_plan',
      reminder_offsets: [0, 5, 30],
      checklist: [
        { text: 'Check the board', notes: null },
        { text: 'Note blockers', notes: 'in the wiki' },
        { text: 'Close', notes: null },
      ],
      usage_count: 0,
    });
    const read = await call('GET', `${base}/${standupId}`, undefined, reader);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    // The export the events module builds on reads the same record.
    assert.deepEqual(await getEventTemplate(pool, standupId), created.body);

    // PUT is the whole record: omitted optional fields go back to their defaults; read-only
    // fields are ignored.
    const put = await call('PUT', `${base}/${standupId}`, {
      ...created.body,
      id: 'ignored',
      usage_count: 99,
      created_at: '2000-01-01T00:00:00Z',
      title: 'Stand-up (remote)',
      calendar_id: '',
      mode: null,
      reminder_offsets: null,
      location: undefined,
      duration_minutes: undefined,
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.id, standupId);
    assert.equal(put.body.title, 'Stand-up (remote)');
    assert.equal(put.body.calendar_id, null);
    assert.equal(put.body.mode, null);
    assert.equal(put.body.reminder_offsets, null);
    assert.equal(put.body.location, null);
    assert.equal(put.body.duration_minutes, 60);
    assert.equal(put.body.usage_count, 0);
    assert.equal(put.body.created_at, createdAt);
    assert.ok(put.body.updated_at >= created.body.updated_at);
    assert.deepEqual(put.body.checklist, created.body.checklist);
    assert.deepEqual((await call('GET', `${base}/${standupId}`)).body, put.body);

    // Back to the original for the other tests.
    assert.equal((await call('PUT', `${base}/${standupId}`, standup)).status, 200);

    const temp = await call('POST', base, { name: 'Temporary', title: 'T' });
    assert.equal(temp.status, 200, temp.text);
    assert.equal(temp.body.duration_minutes, 60);
    assert.deepEqual([temp.body.attendees, temp.body.tags, temp.body.checklist], [[], [], []]);
    const deleted = await call('DELETE', `${base}/${temp.body.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, temp.body);
    assert.equal((await call('GET', `${base}/${temp.body.id}`)).status, 404);
    assert.equal((await call('PUT', `${base}/${temp.body.id}`, standup)).status, 404);
    assert.equal((await call('DELETE', `${base}/${temp.body.id}`)).status, 404);
    assert.equal((await call('GET', `${base}/not-a-uuid`)).status, 400);
  });

  it('returns checklist items as {text, notes} objects however they were stored', async () => {
    const inserted = await pool.query<{ id: string }>(
      `INSERT INTO event_templates (name, title, checklist)
       VALUES ('Stored by hand', 'Hand', '["Plain", {"text": "No notes"}, {"text": "Null", "notes": null}, {"text": "With", "notes": "n"}]')
       RETURNING id`,
    );
    const read = await call('GET', `${base}/${inserted.rows[0]!.id}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.body.checklist, [
      { text: 'Plain', notes: null },
      { text: 'No notes', notes: null },
      { text: 'Null', notes: null },
      { text: 'With', notes: 'n' },
    ]);
    // Stored normalised when written through the API (extra keys dropped, text trimmed).
    const created = await call('POST', base, {
      name: 'Checklist shapes',
      title: 'Shapes',
      checklist: ['  Trimmed  ', { text: 'Object', notes: null, done: true }],
    });
    assert.equal(created.status, 200, created.text);
    const stored = await pool.query('SELECT checklist FROM event_templates WHERE id = $1', [created.body.id]);
    assert.deepEqual(stored.rows[0].checklist, [
      { text: 'Trimmed', notes: null },
      { text: 'Object', notes: null },
    ]);
    for (const id of [inserted.rows[0]!.id, created.body.id])
      assert.equal((await call('DELETE', `${base}/${id}`)).status, 200);
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = await count();
    const bad = await call('POST', base, {
      name: '',
      title: 'x'.repeat(501),
      attendees: ['ok@example.com', 'not-an-address', 'also@fine.org'],
      duration_minutes: 0,
      mode: 'busy',
      tags: ['ok', ' ', 'two\nlines'],
      reminder_offsets: [10, -1, 1.5],
      checklist: ['one', { text: 'two' }, 'three', { text: '  ', notes: 'n' }, 7],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), [
      'attendees.1',
      'checklist.3.text',
      'checklist.4',
      'duration_minutes',
      'mode',
      'name',
      'reminder_offsets.1',
      'reminder_offsets.2',
      'tags.1',
      'tags.2',
      'title',
    ]);
    assert.equal(bad.body.errors['attendees.1'], 'must be an e-mail address');
    assert.match(bad.body.errors.mode, /free, auto_plan/);

    const nul = await call('POST', base, {
      name: 'Nul\u0000',
      title: 'T',
      calendar_id: 'work\u0000',
      attendees: ['a\u0000@example.com'],
      tags: ['t\u0000'],
      checklist: [{ text: 'x', notes: 'a\u0000' }],
    });
    assert.equal(nul.status, 400, nul.text);
    assert.deepEqual(Object.keys(nul.body.errors).sort(), [
      'attendees.0',
      'calendar_id',
      'checklist.0.notes',
      'name',
      'tags.0',
    ]);

    const stringItem = await call('POST', base, { name: 'S', title: 'S', checklist: ['a', 'b', 'c', '   '] });
    assert.deepEqual(Object.keys(stringItem.body.errors), ['checklist.3.text']);

    const tooLong = await call('POST', base, { name: 'L', title: 'L', duration_minutes: 525_601 });
    assert.deepEqual(Object.keys(tooLong.body.errors), ['duration_minutes']);
    const tooMany = await call('POST', base, {
      name: 'M',
      title: 'M',
      attendees: Array.from({ length: 201 }, (_, i) => `a${i}@example.com`),
      tags: Array.from({ length: 51 }, (_, i) => `t${i}`),
      reminder_offsets: Array.from({ length: 21 }, (_, i) => i),
      checklist: Array.from({ length: 501 }, (_, i) => `item ${i}`),
    });
    assert.deepEqual(Object.keys(tooMany.body.errors).sort(), ['attendees', 'checklist', 'reminder_offsets', 'tags']);

    const unknownCalendar = await call('POST', base, { ...standup, name: 'Elsewhere', calendar_id: 'nowhere' });
    assert.equal(unknownCalendar.status, 400, unknownCalendar.text);
    assert.deepEqual(Object.keys(unknownCalendar.body.errors), ['calendar_id']);
    assert.match(unknownCalendar.body.detail, /nowhere/);
    const putUnknownCalendar = await call('PUT', `${base}/${standupId}`, { ...standup, calendar_id: 'nowhere' });
    assert.equal(putUnknownCalendar.status, 400);
    assert.deepEqual(Object.keys(putUnknownCalendar.body.errors), ['calendar_id']);

    const duplicate = await call('POST', base, { ...standup, title: 'Another' });
    assert.equal(duplicate.status, 409);
    assert.deepEqual(Object.keys(duplicate.body.errors), ['name']);
    const other = await call('POST', base, { name: 'Retro', title: 'Retrospective' });
    assert.equal(other.status, 200);
    const rename = await call('PUT', `${base}/${other.body.id}`, { name: 'Daily stand-up', title: 'Retrospective' });
    assert.equal(rename.status, 409);
    assert.deepEqual(Object.keys(rename.body.errors), ['name']);

    assert.equal(await count(), before + 1);
    assert.equal((await call('GET', `${base}/${standupId}`)).body.calendar_id, 'work');
  });

  it('lists with filters, sorting and ranges under the ra-data-simple-rest contract', async () => {
    for (const [name, title, calendar_id] of [
      ['Planning', 'Sprint planning', 'work'],
      ['Dentist', 'Dentist visit', 'home'],
      ['Review', 'Sprint review', null],
    ])
      assert.equal((await call('POST', base, { name, title, calendar_id })).status, 200);
    // Now: Daily stand-up, Retro, Planning, Dentist, Review.
    const all = await call('GET', list({ sort: ['name', 'ASC'] }), undefined, reader);
    assert.equal(all.status, 200, all.text);
    assert.equal(all.headers.get('content-range'), 'event-templates 0-4/5');
    assert.equal(all.headers.get('x-total-count'), '5');
    assert.deepEqual(
      all.body.map((t: Json) => t.name),
      ['Daily stand-up', 'Dentist', 'Planning', 'Retro', 'Review'],
    );

    const page = await call('GET', list({ sort: ['name', 'DESC'], range: [1, 2] }));
    assert.equal(page.headers.get('content-range'), 'event-templates 1-2/5');
    assert.deepEqual(
      page.body.map((t: Json) => t.name),
      ['Retro', 'Planning'],
    );
    const byHeader = await request(api.url, 'GET', list({ sort: ['name', 'ASC'] }), {
      token: reader,
      headers: { range: 'event-templates=3-10' },
    });
    assert.equal(byHeader.headers.get('content-range'), 'event-templates 3-4/5');
    assert.deepEqual(
      byHeader.body.map((t: Json) => t.name),
      ['Retro', 'Review'],
    );

    const sprint = await call('GET', list({ filter: { q: 'SPRINT' } }));
    assert.deepEqual(
      sprint.body.map((t: Json) => t.name),
      ['Planning', 'Review'],
    );
    const byName = await call('GET', list({ filter: { q: 'retr' } }));
    assert.deepEqual(
      byName.body.map((t: Json) => t.name),
      ['Retro'],
    );
    const work = await call('GET', list({ filter: { calendar_id: 'work' }, sort: ['created_at', 'ASC'] }));
    assert.deepEqual(
      work.body.map((t: Json) => t.name),
      ['Daily stand-up', 'Planning'],
    );
    const combined = await call('GET', list({ filter: { calendar_id: 'work', q: 'plan' } }));
    assert.deepEqual(
      combined.body.map((t: Json) => t.name),
      ['Planning'],
    );
    const byId = await call('GET', list({ filter: { id: [standupId] } }));
    assert.deepEqual(
      byId.body.map((t: Json) => t.id),
      [standupId],
    );
    const none = await call('GET', list({ filter: { q: 'nothing like this' } }));
    assert.equal(none.headers.get('content-range'), 'event-templates */0');
    assert.deepEqual(none.body, []);
    const updated = await call('GET', list({ sort: ['updated_at', 'DESC'], range: [0, 0] }));
    assert.equal(updated.body[0].name, 'Review');

    for (const bad of [
      { sort: ['title', 'ASC'] },
      { filter: { mode: 'free' } },
      { filter: { calendar_id: 'work\u0000' } },
      { range: [5, 1] },
    ]) {
      const refused = await call('GET', list(bad));
      assert.equal(refused.status, 400, JSON.stringify(bad));
    }
  });

  it('counts the events created from a template and keeps them when it is deleted', async () => {
    const [planning, review] = await Promise.all(
      ['Planning', 'Review'].map(async (name) => (await call('GET', list({ filter: { q: name } }))).body[0].id),
    );
    const insertEvent = (templateId: string, day: number) =>
      pool.query(
        `INSERT INTO events (title, start_at, end_at, template_id)
         VALUES ('From template', $2::timestamptz, $2::timestamptz + interval '1 hour', $1) RETURNING id`,
        [templateId, `2030-01-${String(day).padStart(2, '0')}T09:00:00Z`],
      );
    for (const day of [1, 2, 3]) await insertEvent(review, day);
    const planningEvent = (await insertEvent(planning, 4)).rows[0].id;

    assert.equal((await call('GET', `${base}/${review}`)).body.usage_count, 3);
    const ranked = await call('GET', list({ sort: ['usage_count', 'DESC'], range: [0, 2] }));
    assert.deepEqual(
      ranked.body.map((t: Json) => t.usage_count),
      [3, 1, 0],
    );
    assert.deepEqual(
      ranked.body.slice(0, 2).map((t: Json) => t.name),
      ['Review', 'Planning'],
    );
    assert.equal(ranked.headers.get('content-range'), 'event-templates 0-2/5');

    const deleted = await call('DELETE', `${base}/${planning}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.usage_count, 1);
    const event = await pool.query('SELECT template_id FROM events WHERE id = $1', [planningEvent]);
    assert.equal(event.rowCount, 1);
    assert.equal(event.rows[0].template_id, null);
    const audit = await pool.query(
      `SELECT details FROM audit_log WHERE entity = 'event_template' AND entity_id = $1 AND action = 'delete'`,
      [planning],
    );
    assert.deepEqual(audit.rows[0].details, { detached_events: 1 });
  });

  it('audits every change in the hash chain, refused requests not at all', async () => {
    const audit = await pool.query(
      `SELECT action, entity_id, actor_label, scope, old_value, new_value FROM audit_log
        WHERE entity = 'event_template' ORDER BY seq`,
    );
    const standupRows = audit.rows.filter((r) => r.entity_id === standupId);
    assert.deepEqual(
      standupRows.map((r) => r.action),
      ['create', 'update', 'update'],
    );
    assert.equal(standupRows[0].actor_label, 'planner');
    assert.equal(standupRows[0].scope, 'events.write');
    assert.deepEqual(standupRows[0].new_value.attendees, ['ann@example.com', 'bob@example.com']);
    assert.equal('usage_count' in standupRows[0].new_value, false);
    assert.equal(standupRows[1].old_value.title, 'Stand-up');
    assert.equal(standupRows[1].new_value.title, 'Stand-up (remote)');
    // Created through the API: stand-up, temporary, checklist shapes, retro, 3 list ones = 7
    // (the hand-stored one came in by SQL); deleted: temporary, both checklist ones, planning.
    assert.equal(audit.rows.filter((r) => r.action === 'create').length, 7);
    assert.equal(audit.rows.filter((r) => r.action === 'delete').length, 4);
    assert.equal(audit.rows.filter((r) => r.action === 'update').length, 2);
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });

  it('needs events.read to read and events.write to change', async () => {
    const before = await count();
    const denied = await call('POST', base, { name: 'Nope', title: 'Nope' }, reader);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.missingScope, 'events.write');
    assert.match(denied.body.detail, /events\.write/);
    for (const [method, path] of [
      ['PUT', `${base}/${standupId}`],
      ['DELETE', `${base}/${standupId}`],
    ] as const)
      assert.equal((await call(method, path, standup, reader)).status, 403);
    assert.equal(await count(), before);
    assert.equal((await call('GET', `${base}/${standupId}`, undefined, reader)).status, 200);

    const wrongScope = await call('GET', base, undefined, otherScope);
    assert.equal(wrongScope.status, 403);
    assert.equal(wrongScope.body.missingScope, 'events.read');
    assert.equal((await request(api.url, 'GET', base)).status, 401);
  });
});
