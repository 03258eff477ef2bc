// /api/v1/calendars over HTTP: CRUD with a client-chosen slug id, list contract, validation by
// field (time zones, working hours, overlapping spans, offsets), 409s on delete, audit, scopes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { getCalendar } from '../../admin-api/src/modules/calendars/repo.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

const list = (query: Record<string, unknown>) =>
  `/api/v1/calendars?${Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&')}`;

describe('calendars resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let writer: string;
  let reader: string;
  let outsider: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    writer = (await createApiKey(pool, { name: 'planner', scopes: ['events.read', 'events.write'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    outsider = (await createApiKey(pool, { name: 'outsider', scopes: ['templates.read'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = writer) =>
    request(api.url, method, path, { token: key, body });
  const count = async () => Number((await pool.query('SELECT count(*) FROM calendars')).rows[0].count);
  const addEvents = async (calendarId: string, n: number) => {
    for (let i = 0; i < n; i++)
      await pool.query(
        `INSERT INTO events (calendar_id, title, start_at, end_at) VALUES ($1, $2, now(), now() + interval '1 hour')`,
        [calendarId, `Event ${i}`],
      );
  };

  const work = {
    id: 'work',
    name: 'Work',
    description: 'Office hours in Berlin',
    color: '#3366FF',
    time_zone: 'Europe/Berlin',
    default_mode: 'auto_plan',
    auto_reschedule: true,
    working_hours: { fri: ['13:00-17:00', '08:00-12:00'], mon: ['09:00-17:00'], sun: ['22:00-24:00'] },
    buffer_minutes: 15,
    default_reminder_offsets: [60, 10, 60, 1440],
  };

  it('ships with the default calendar', async () => {
    const got = await call('GET', '/api/v1/calendars/default', undefined, reader);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.name, 'Default');
    assert.equal(got.body.time_zone, 'UTC');
    assert.deepEqual(Object.keys(got.body.working_hours), ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    assert.deepEqual(got.body.working_hours.mon, ['09:00-17:00']);
    assert.equal(got.body.event_count, 0);
  });

  it('creates with a chosen slug, normalises, reads back, and defaults what is left out', async () => {
    const created = await call('POST', '/api/v1/calendars', work);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.id, 'work');
    assert.equal(created.body.color, '#3366ff');
    assert.deepEqual(created.body.working_hours, {
      mon: ['09:00-17:00'],
      tue: [],
      wed: [],
      thu: [],
      fri: ['08:00-12:00', '13:00-17:00'],
      sat: [],
      sun: ['22:00-24:00'],
    });
    assert.deepEqual(created.body.default_reminder_offsets, [10, 60, 1440]);
    assert.equal(created.body.event_count, 0);
    assert.deepEqual((await call('GET', '/api/v1/calendars/work', undefined, reader)).body, created.body);

    const minimal = await call('POST', '/api/v1/calendars', { id: 'home-2', name: 'Home', time_zone: 'Asia/Kolkata' });
    assert.equal(minimal.status, 200, minimal.text);
    assert.equal(minimal.body.time_zone, 'Asia/Kolkata');
    assert.equal(minimal.body.default_mode, 'free');
    assert.equal(minimal.body.auto_reschedule, false);
    assert.equal(minimal.body.buffer_minutes, 0);
    assert.deepEqual(minimal.body.default_reminder_offsets, []);
    assert.deepEqual(minimal.body.working_hours.tue, ['09:00-17:00']);
    assert.deepEqual(minimal.body.working_hours.sat, []);
  });

  it('replaces the whole record on PUT, keeping the id and ignoring read-only fields', async () => {
    const current = (await call('GET', '/api/v1/calendars/work')).body;
    const put = await call('PUT', '/api/v1/calendars/work', {
      ...current,
      id: 'renamed',
      event_count: 99,
      created_at: '2000-01-01T00:00:00Z',
      name: 'Work (Berlin)',
      description: '',
      color: null,
      time_zone: 'UTC',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.id, 'work');
    assert.equal(put.body.name, 'Work (Berlin)');
    assert.equal(put.body.description, null);
    assert.equal(put.body.color, null);
    assert.equal(put.body.time_zone, 'UTC');
    assert.equal(put.body.event_count, 0);
    assert.equal(put.body.created_at, current.created_at);
    assert.ok(put.body.updated_at >= current.updated_at);
    assert.equal((await call('GET', '/api/v1/calendars/renamed')).status, 404);
    assert.equal((await call('PUT', '/api/v1/calendars/nope', { name: 'x' })).status, 404);
  });

  it('lists with the ra-data-simple-rest contract: q, id, sort, range, Content-Range', async () => {
    const all = await call('GET', '/api/v1/calendars', undefined, reader);
    assert.equal(all.status, 200, all.text);
    assert.equal(all.headers.get('content-range'), 'calendars 0-2/3');
    assert.deepEqual(
      all.body.map((c: Json) => c.name),
      ['Default', 'Home', 'Work (Berlin)'],
    );
    const page = await call('GET', list({ sort: ['id', 'DESC'], range: [1, 1] }));
    assert.equal(page.headers.get('content-range'), 'calendars 1-1/3');
    assert.deepEqual(
      page.body.map((c: Json) => c.id),
      ['home-2'],
    );
    const byCreation = await call('GET', list({ sort: ['created_at', 'DESC'] }));
    assert.equal(byCreation.body[0].id, 'home-2');
    assert.deepEqual(
      (await call('GET', list({ filter: { q: 'berlin' } }))).body.map((c: Json) => c.id),
      ['work'],
    );
    assert.deepEqual(
      (await call('GET', list({ filter: { q: 'home-' } }))).body.map((c: Json) => c.id),
      ['home-2'],
    );
    const many = await call('GET', list({ filter: { id: ['work', 'default', 'missing'] }, sort: ['id', 'ASC'] }));
    assert.deepEqual(
      many.body.map((c: Json) => c.id),
      ['default', 'work'],
    );
    const none = await call('GET', list({ filter: { q: 'nothing like this' } }));
    assert.equal(none.headers.get('content-range'), 'calendars */0');
    assert.equal((await call('GET', list({ sort: ['color', 'ASC'] }))).status, 400);
    const badFilter = await call('GET', list({ filter: { default_mode: 'free' } }));
    assert.equal(badFilter.status, 400);
    assert.ok(badFilter.body.errors['filter.default_mode']);
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = await count();
    const bad = await call('POST', '/api/v1/calendars', {
      id: 'Bad Id!',
      name: ' ',
      color: 'blue',
      time_zone: 'Mars/Olympus_Mons',
      default_mode: 'busy',
      auto_reschedule: 'yes',
      buffer_minutes: 1441,
      default_reminder_offsets: [5, -1, 525601, 1.5],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /problem\+json/);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), [
      'auto_reschedule',
      'buffer_minutes',
      'color',
      'default_mode',
      'default_reminder_offsets.1',
      'default_reminder_offsets.2',
      'default_reminder_offsets.3',
      'id',
      'name',
      'time_zone',
    ]);

    for (const time_zone of ['Europe/Atlantis', '+01:00', 'Europe/Berlin; DROP TABLE calendars', '', 42]) {
      const reply = await call('POST', '/api/v1/calendars', { id: 'tz', name: 'TZ', time_zone });
      assert.equal(reply.status, 400, `${time_zone}: ${reply.text}`);
      assert.deepEqual(Object.keys(reply.body.errors), ['time_zone']);
    }

    const hours = await call('POST', '/api/v1/calendars', {
      id: 'hours',
      name: 'Hours',
      working_hours: { mon: ['9:00-17:00', '17:00-09:00', '10:00-24:01', '12:00-12:00'], tue: '09:00-17:00' },
    });
    assert.equal(hours.status, 400);
    assert.deepEqual(Object.keys(hours.body.errors).sort(), [
      'working_hours.mon.0',
      'working_hours.mon.1',
      'working_hours.mon.2',
      'working_hours.mon.3',
      'working_hours.tue',
    ]);
    assert.match(hours.body.errors['working_hours.mon.1'], /end after it starts/);

    const unknownDay = await call('POST', '/api/v1/calendars', {
      id: 'hours',
      name: 'Hours',
      working_hours: { monday: ['09:00-17:00'] },
    });
    assert.equal(unknownDay.status, 400);
    assert.match(unknownDay.body.errors.working_hours, /unknown day "monday"/);

    const overlapping = await call('POST', '/api/v1/calendars', {
      id: 'hours',
      name: 'Hours',
      working_hours: { mon: ['09:00-12:00', '12:00-13:00'], wed: ['13:00-18:00', '08:00-12:00', '11:30-14:00'] },
    });
    assert.equal(overlapping.status, 400);
    assert.deepEqual(Object.keys(overlapping.body.errors), ['working_hours.wed.2']);
    assert.match(overlapping.body.errors['working_hours.wed.2'], /overlaps 08:00-12:00/);

    const tooMany = await call('POST', '/api/v1/calendars', {
      id: 'offsets',
      name: 'Offsets',
      default_reminder_offsets: Array.from({ length: 21 }, (_, i) => i),
    });
    assert.equal(tooMany.status, 400);
    assert.ok(tooMany.body.errors.default_reminder_offsets);

    const putBad = await call('PUT', '/api/v1/calendars/work', { name: 'Work', time_zone: 'Nowhere/Land' });
    assert.equal(putBad.status, 400);
    assert.deepEqual(Object.keys(putBad.body.errors), ['time_zone']);
    assert.equal((await call('GET', '/api/v1/calendars/work')).body.time_zone, 'UTC');

    const duplicate = await call('POST', '/api/v1/calendars', { id: 'work', name: 'Another' });
    assert.equal(duplicate.status, 409);
    assert.ok(duplicate.body.errors.id);

    assert.equal((await call('GET', '/api/v1/calendars/NOT%20A%20SLUG')).status, 400);
    assert.equal(await count(), before);
  });

  it('counts events and refuses to delete a calendar that holds some, or the default one', async () => {
    await addEvents('work', 2);
    const got = await call('GET', '/api/v1/calendars/work');
    assert.equal(got.body.event_count, 2);
    const refused = await call('DELETE', '/api/v1/calendars/work');
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /holds 2 events/);
    assert.equal(refused.body.event_count, 2);
    const defaultRefused = await call('DELETE', '/api/v1/calendars/default');
    assert.equal(defaultRefused.status, 409);
    assert.match(defaultRefused.body.detail, /default calendar cannot be deleted/);
    assert.equal((await call('DELETE', '/api/v1/calendars/nope')).status, 404);
    assert.equal(await count(), 3);

    await pool.query(`UPDATE events SET calendar_id = 'default' WHERE calendar_id = 'work'`);
    const deleted = await call('DELETE', '/api/v1/calendars/work');
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.id, 'work');
    assert.equal(deleted.body.name, 'Work (Berlin)');
    assert.equal((await call('GET', '/api/v1/calendars/work')).status, 404);
    assert.equal((await call('GET', '/api/v1/calendars/default')).body.event_count, 2);
  });

  it('needs events.read to read and events.write to change (403 names the missing scope)', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/v1/calendars', { id: 'sneaky', name: 'Sneaky' }],
      ['PUT', '/api/v1/calendars/home-2', { name: 'Sneaky' }],
      ['DELETE', '/api/v1/calendars/home-2', undefined],
    ] as const) {
      const reply = await call(method, path, body, reader);
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.equal(reply.body.missingScope, 'events.write');
      assert.match(reply.body.detail, /events\.write/);
    }
    const read = await call('GET', '/api/v1/calendars', undefined, outsider);
    assert.equal(read.status, 403);
    assert.equal(read.body.missingScope, 'events.read');
    assert.equal((await call('GET', '/api/v1/calendars')).status, 200);
    assert.equal((await call('GET', '/api/v1/calendars/home-2', undefined, reader)).body.name, 'Home');
  });

  it('exports getCalendar with typed fields for the event code', async () => {
    const calendar = await getCalendar(pool, 'home-2');
    assert.ok(calendar);
    assert.equal(calendar.time_zone, 'Asia/Kolkata');
    assert.equal(calendar.default_mode, 'free');
    assert.equal(calendar.buffer_minutes, 0);
    assert.deepEqual(calendar.working_hours.mon, ['09:00-17:00']);
    assert.deepEqual(calendar.default_reminder_offsets, []);
    assert.ok(calendar.created_at instanceof Date);
    assert.equal(await getCalendar(pool, 'missing'), undefined);
  });

  it('audits every change in the hash chain', async () => {
    const audit = await pool.query(
      `SELECT entity_id, action, actor_label, scope, old_value, new_value FROM audit_log WHERE entity = 'calendar' ORDER BY seq`,
    );
    assert.deepEqual(
      audit.rows.map((r) => [r.entity_id, r.action]),
      [
        ['work', 'create'],
        ['home-2', 'create'],
        ['work', 'update'],
        ['work', 'delete'],
      ],
    );
    assert.equal(audit.rows[0].actor_label, 'planner');
    assert.equal(audit.rows[0].scope, 'events.write');
    assert.equal(audit.rows[2].old_value.name, 'Work');
    assert.equal(audit.rows[2].new_value.name, 'Work (Berlin)');
    assert.equal(audit.rows[2].new_value.event_count, undefined);
    assert.equal(audit.rows[3].old_value.time_zone, 'UTC');
    const denials = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access_denied'`);
    assert.ok(denials.rows[0].n >= 4);
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
