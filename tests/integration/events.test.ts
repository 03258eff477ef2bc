// /api/v1/events over HTTP against real PostgreSQL: fields and validation, the list contract
// (window, anchor, q in German and English, filters), upsert by external id, free-mode
// conflicts, auto_plan refusal with suggestions and rescheduling, the database-level guard
// against two concurrent auto_plan bookings, automatic rescheduling, outbox rows, audit, and
// ACTION:/NOTE:/URL: entries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('events', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;
  let reader: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'planner', scopes: ['events.read', 'events.write'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    // Every event.* message lands in the outbox for this subscription.
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/events', ARRAY['event.*', 'command.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    // A UTC calendar working 24/7 without buffer for the plain rules, one Berlin office calendar
    // with working hours and a buffer, and one that auto-reschedules.
    await pool.query(
      `INSERT INTO calendars (id, name, time_zone, default_mode, working_hours, buffer_minutes, auto_reschedule) VALUES
        ('team', 'Team', 'UTC', 'free',
         '{"mon":["00:00-24:00"],"tue":["00:00-24:00"],"wed":["00:00-24:00"],"thu":["00:00-24:00"],"fri":["00:00-24:00"],"sat":["00:00-24:00"],"sun":["00:00-24:00"]}', 0, false),
        ('office', 'Office', 'Europe/Berlin', 'auto_plan',
         '{"mon":["09:00-12:00","13:00-17:00"],"tue":["09:00-12:00","13:00-17:00"],"wed":["09:00-12:00","13:00-17:00"],"thu":["09:00-12:00","13:00-17:00"],"fri":["09:00-12:00","13:00-17:00"]}', 15, false),
        ('flex', 'Flexible', 'UTC', 'auto_plan',
         '{"mon":["08:00-18:00"],"tue":["08:00-18:00"],"wed":["08:00-18:00"],"thu":["08:00-18:00"],"fri":["08:00-18:00"]}', 0, true)`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, token = key) =>
    request(api.url, method, path, { token, body });
  const list = (params: Record<string, unknown>) => {
    const qs = Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
      .join('&');
    return call('GET', `/api/v1/events?${qs}`);
  };
  const outbox = async (type: string, entityId: string) =>
    (await pool.query('SELECT payload FROM outbox WHERE event_type = $1 AND entity_id = $2', [type, entityId])).rows;
  const audits = async (entityId: string) =>
    (
      await pool.query('SELECT action, actor_type, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY seq', [
        entityId,
      ])
    ).rows;

  describe('fields and validation', () => {
    it('stores times as UTC instants, lower-cases attendees and applies calendar defaults', async () => {
      const created = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Kick-off',
        start_at: '2026-05-04T10:00:00+02:00',
        end_at: '2026-05-04T11:30:00+02:00',
        attendees: ['Ada@Example.com', 'ada@example.com', 'bob@example.com'],
        tags: ['project', 'project', 'q2'],
      });
      assert.equal(created.status, 200, created.text);
      const e = created.body;
      assert.equal(e.start_at, '2026-05-04T08:00:00.000Z');
      assert.equal(e.end_at, '2026-05-04T09:30:00.000Z');
      assert.deepEqual(e.attendees, ['ada@example.com', 'bob@example.com']);
      assert.deepEqual(e.tags, ['project', 'q2']);
      assert.equal(e.mode, null);
      assert.equal(e.effective_mode, 'free');
      assert.equal(e.status, 'scheduled');
      assert.deepEqual(e.progress, { done: 0, total: 0, all_done: false });
      assert.deepEqual(e.conflicts, []);
      const read = await call('GET', `/api/v1/events/${e.id}`, undefined, reader);
      assert.equal(read.status, 200);
      assert.equal(read.body.title, 'Kick-off');
      assert.equal(read.body.conflicts, undefined, 'a plain read carries no write report');
      assert.equal((await outbox('event.created', e.id)).length, 1);
      assert.deepEqual(
        (await audits(e.id)).map((a) => a.action),
        ['create'],
      );
    });

    it('refuses an end that is not after the start, times without offset, and unknown calendars, writing nothing', async () => {
      const before = Number((await pool.query('SELECT count(*) FROM events')).rows[0].count);
      const backwards = await call('POST', '/api/v1/events', {
        title: 'Backwards',
        start_at: '2026-05-04T10:00:00Z',
        end_at: '2026-05-04T10:00:00Z',
      });
      assert.equal(backwards.status, 400, backwards.text);
      assert.match(backwards.body.errors.end_at, /after start_at/);
      const local = await call('POST', '/api/v1/events', {
        title: 'Local',
        start_at: '2026-05-04T10:00:00',
        end_at: '2026-05-04T11:00:00Z',
      });
      assert.equal(local.status, 400, local.text);
      assert.match(local.body.errors.start_at, /offset/);
      const unknown = await call('POST', '/api/v1/events', {
        calendar_id: 'nope',
        title: 'Nowhere',
        start_at: '2026-05-04T10:00:00Z',
        end_at: '2026-05-04T11:00:00Z',
      });
      assert.equal(unknown.status, 400, unknown.text);
      assert.ok(unknown.body.errors.calendar_id);
      const badMail = await call('POST', '/api/v1/events', {
        title: 'Mail',
        start_at: '2026-05-04T10:00:00Z',
        end_at: '2026-05-04T11:00:00Z',
        attendees: ['ok@example.com', 'not-an-address'],
      });
      assert.equal(badMail.status, 400, badMail.text);
      assert.ok(badMail.body.errors['attendees.1']);
      assert.equal(Number((await pool.query('SELECT count(*) FROM events')).rows[0].count), before);
    });

    it('needs events.write to change and answers 404 for unknown ids', async () => {
      const denied = await call(
        'POST',
        '/api/v1/events',
        { title: 'x', start_at: '2026-05-04T10:00:00Z', end_at: '2026-05-04T11:00:00Z' },
        reader,
      );
      assert.equal(denied.status, 403);
      assert.match(denied.body.message, /events\.write/);
      const missing = await call('GET', '/api/v1/events/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 404);
    });
  });

  describe('list', () => {
    const ids: Record<string, string> = {};
    before(async () => {
      const mk = async (name: string, body: Record<string, unknown>) => {
        const r = await call('POST', '/api/v1/events', { calendar_id: 'team', ...body });
        assert.equal(r.status, 200, r.text);
        ids[name] = r.body.id;
      };
      await mk('early', {
        title: 'Frühstück mit dem Vorstand',
        start_at: '2027-01-10T07:00:00Z',
        end_at: '2027-01-10T08:00:00Z',
        tags: ['board'],
      });
      await mk('spanning', {
        title: 'Quarterly planning meetings',
        start_at: '2027-01-10T07:30:00Z',
        end_at: '2027-01-12T17:00:00Z',
        attendees: ['cara@example.com'],
      });
      await mk('late', {
        title: 'Retrospective',
        description: 'Die Besprechungen wurden verschoben',
        start_at: '2027-01-11T15:00:00Z',
        end_at: '2027-01-11T16:00:00Z',
        tags: ['board', 'team'],
        status: 'cancelled',
      });
      await mk('after', {
        title: 'Release',
        start_at: '2027-01-13T09:00:00Z',
        end_at: '2027-01-13T10:00:00Z',
        attendees: ['cara@example.com', 'dan@example.com'],
      });
    });

    it('selects by time window with overlap semantics', async () => {
      const r = await list({
        filter: { from: '2027-01-11T00:00:00Z', to: '2027-01-12T00:00:00Z' },
        sort: ['start_at', 'ASC'],
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.body.map((e: { id: string }) => e.id),
        [ids.spanning, ids.late],
        'the three-day event overlaps the day; the one ending at 08:00 the day before does not',
      );
      assert.equal(r.headers.get('content-range'), 'events 0-1/2');
    });

    it('pages from an anchor in both directions', async () => {
      const next = await list({ filter: { anchor: '2027-01-10T07:30:00Z', direction: 'next' }, range: [0, 1] });
      assert.deepEqual(
        next.body.map((e: { id: string }) => e.id),
        [ids.spanning, ids.late],
      );
      const previous = await list({ filter: { anchor: '2027-01-13T09:00:00Z', direction: 'previous' }, range: [0, 1] });
      assert.deepEqual(
        previous.body.map((e: { id: string }) => e.id),
        [ids.late, ids.spanning],
      );
    });

    it('finds German and English words by full-text q, including inflected forms', async () => {
      const german = await list({ filter: { q: 'Besprechung' } });
      assert.deepEqual(
        german.body.map((e: { id: string }) => e.id),
        [ids.late],
      );
      const english = await list({ filter: { q: 'meeting' } });
      assert.deepEqual(
        english.body.map((e: { id: string }) => e.id),
        [ids.spanning],
      );
      const umlaut = await list({ filter: { q: 'frühstück' } });
      assert.deepEqual(
        umlaut.body.map((e: { id: string }) => e.id),
        [ids.early],
      );
    });

    it('filters by calendar, tags, status and attendee, and gets many by id', async () => {
      const board = await list({ filter: { tags: ['board'], calendar_id: 'team' }, sort: ['start_at', 'ASC'] });
      assert.deepEqual(
        board.body.map((e: { id: string }) => e.id),
        [ids.early, ids.late],
      );
      const cancelled = await list({ filter: { status: 'cancelled', calendar_id: 'team' } });
      assert.deepEqual(
        cancelled.body.map((e: { id: string }) => e.id),
        [ids.late],
      );
      const dan = await list({ filter: { attendee: 'DAN@example.com' } });
      assert.deepEqual(
        dan.body.map((e: { id: string }) => e.id),
        [ids.after],
      );
      const many = await list({ filter: { id: [ids.after, ids.early] }, sort: ['start_at', 'ASC'] });
      assert.deepEqual(
        many.body.map((e: { id: string }) => e.id),
        [ids.early, ids.after],
      );
      const badSort = await list({ sort: ['secret', 'ASC'] });
      assert.equal(badSort.status, 400);
    });
  });

  describe('upsert by (source, external_id)', () => {
    it('creates once and then updates the same event', async () => {
      const body = {
        calendar_id: 'team',
        source: 'google:team',
        external_id: 'abc123@google.com',
        title: 'Synced',
        start_at: '2027-02-01T10:00:00Z',
        end_at: '2027-02-01T11:00:00Z',
      };
      const first = await call('POST', '/api/v1/events/upsert', body);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.created, true);
      const second = await call('POST', '/api/v1/events/upsert', {
        ...body,
        title: 'Synced (moved)',
        start_at: '2027-02-01T12:00:00Z',
        end_at: '2027-02-01T13:00:00Z',
      });
      assert.equal(second.status, 200, second.text);
      assert.equal(second.body.created, false);
      assert.equal(second.body.id, first.body.id);
      assert.equal(second.body.title, 'Synced (moved)');
      // Concurrent upserts of one new key end as one event.
      const parallel = await Promise.all(
        Array.from({ length: 8 }, () =>
          call('POST', '/api/v1/events/upsert', { ...body, external_id: 'race@google.com' }),
        ),
      );
      assert.deepEqual(
        parallel.map((r) => r.status),
        Array(8).fill(200),
      );
      assert.equal(new Set(parallel.map((r) => r.body.id)).size, 1);
      assert.equal(parallel.filter((r) => r.body.created).length, 1);
      const missing = await call('POST', '/api/v1/events/upsert', { ...body, external_id: null });
      assert.equal(missing.status, 400);
      assert.ok(missing.body.errors.external_id);
    });
  });

  describe('free mode', () => {
    it('writes overlapping events and reports the conflicts', async () => {
      const a = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Design review',
        start_at: '2027-03-01T10:00:00Z',
        end_at: '2027-03-01T11:00:00Z',
        attendees: ['eve@example.com', 'fay@example.com'],
      });
      const b = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Lunch',
        start_at: '2027-03-01T10:30:00Z',
        end_at: '2027-03-01T12:00:00Z',
        attendees: ['eve@example.com'],
      });
      assert.equal(b.status, 200, b.text);
      assert.equal(b.body.conflicts.length, 1);
      const [c] = b.body.conflicts;
      assert.equal(c.id, a.body.id);
      assert.equal(c.title, 'Design review');
      assert.deepEqual(c.attendees, ['eve@example.com']);
      assert.deepEqual(c.overlap, {
        start_at: '2027-03-01T10:30:00.000Z',
        end_at: '2027-03-01T11:00:00.000Z',
        minutes: 30,
      });
      const other = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Someone else',
        start_at: '2027-03-01T10:30:00Z',
        end_at: '2027-03-01T12:00:00Z',
        attendees: ['gus@example.com'],
      });
      assert.deepEqual(other.body.conflicts, [], 'different people do not conflict');
    });
  });

  describe('auto_plan', () => {
    // Monday 2027-03-08 in Berlin (CET, UTC+1): working 09-12 and 13-17 local, 15 min buffer.
    let blockerId: string;
    before(async () => {
      const blocker = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'Board meeting',
        start_at: '2027-03-08T09:00:00+01:00',
        end_at: '2027-03-08T10:00:00+01:00',
        attendees: ['hal@example.com'],
      });
      assert.equal(blocker.status, 200, blocker.text);
      assert.equal(blocker.body.effective_mode, 'auto_plan');
      blockerId = blocker.body.id;
    });

    it('refuses a colliding event with 409, the conflicts and the next free slots', async () => {
      const before = Number((await pool.query('SELECT count(*) FROM events')).rows[0].count);
      const r = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'One-on-one',
        start_at: '2027-03-08T09:30:00+01:00',
        end_at: '2027-03-08T10:30:00+01:00',
        attendees: ['hal@example.com', 'ivy@example.com'],
      });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(r.body.conflicts[0].id, blockerId);
      // The board meeting ends 10:00 local; + 15 min buffer → 10:15-11:15 local (09:15Z). The
      // next hour would cross the 12:00 lunch break, so then 13:00 and 14:00 local.
      assert.deepEqual(r.body.suggestions.slice(0, 3), [
        { start_at: '2027-03-08T09:15:00.000Z', end_at: '2027-03-08T10:15:00.000Z' },
        { start_at: '2027-03-08T12:00:00.000Z', end_at: '2027-03-08T13:00:00.000Z' },
        { start_at: '2027-03-08T13:00:00.000Z', end_at: '2027-03-08T14:00:00.000Z' },
      ]);
      assert.equal(Number((await pool.query('SELECT count(*) FROM events')).rows[0].count), before);
    });

    it('also refuses a placement inside the buffer, and accepts a suggestion', async () => {
      const tooClose = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'Too close',
        start_at: '2027-03-08T10:05:00+01:00',
        end_at: '2027-03-08T10:35:00+01:00',
        attendees: ['hal@example.com'],
      });
      assert.equal(tooClose.status, 409);
      assert.equal(tooClose.body.conflicts[0].overlap.minutes, 0);
      const ok = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'One-on-one',
        start_at: '2027-03-08T09:15:00Z',
        end_at: '2027-03-08T10:15:00Z',
        attendees: ['hal@example.com', 'ivy@example.com'],
      });
      assert.equal(ok.status, 200, ok.text);
    });

    it('reschedules to a given start (409 if taken) or to the next free slot', async () => {
      const e = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'Movable',
        start_at: '2027-03-09T14:00:00+01:00',
        end_at: '2027-03-09T14:30:00+01:00',
        attendees: ['hal@example.com'],
      });
      assert.equal(e.status, 200, e.text);
      const taken = await call('POST', `/api/v1/events/${e.body.id}/reschedule`, {
        start_at: '2027-03-08T09:30:00+01:00',
      });
      assert.equal(taken.status, 409);
      assert.ok(taken.body.suggestions.length > 0);
      const next = await call('POST', `/api/v1/events/${e.body.id}/reschedule`, { next_free: true });
      assert.equal(next.status, 200, next.text);
      // Its own current slot is free, and nothing earlier than its start is offered.
      assert.equal(next.body.start_at, '2027-03-09T13:00:00.000Z');
      const moved = await call('POST', `/api/v1/events/${e.body.id}/reschedule`, { start_at: '2027-03-10T08:00:00Z' });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.start_at, '2027-03-10T08:00:00.000Z');
      assert.equal(moved.body.end_at, '2027-03-10T08:30:00.000Z', 'the duration is kept');
      const neither = await call('POST', `/api/v1/events/${e.body.id}/reschedule`, {});
      assert.equal(neither.status, 400);
      assert.ok((await outbox('event.updated', e.body.id)).length >= 2);
    });

    it('lets only one of many concurrent bookings of the same slot through (database lock)', async () => {
      for (let round = 0; round < 5; round++) {
        const start = `2027-04-0${round + 1}T10:00:00Z`;
        const end = `2027-04-0${round + 1}T11:00:00Z`;
        const replies = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            call('POST', '/api/v1/events', {
              calendar_id: 'flex',
              title: `Race ${round}.${i}`,
              start_at: start,
              end_at: end,
              attendees: ['jo@example.com', `guest${i}@example.com`],
            }),
          ),
        );
        const statuses = replies.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, ...Array(9).fill(409)], `round ${round}: ${statuses.join(',')}`);
      }
      const overlapping = await pool.query(
        `SELECT count(*) FROM events a JOIN events b ON a.id < b.id
          WHERE a.calendar_id = 'flex' AND b.calendar_id = 'flex' AND a.attendees && b.attendees
            AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)`,
      );
      assert.equal(Number(overlapping.rows[0].count), 0);
    });

    it('moves auto_plan events of an auto-rescheduling calendar that a later change displaces', async () => {
      const planned = await call('POST', '/api/v1/events', {
        calendar_id: 'flex',
        title: 'Planned sync',
        start_at: '2027-05-03T09:00:00Z',
        end_at: '2027-05-03T10:00:00Z',
        attendees: ['kim@example.com'],
      });
      assert.equal(planned.status, 200, planned.text);
      const urgent = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        mode: 'free',
        title: 'Urgent incident review',
        start_at: '2027-05-03T08:30:00Z',
        end_at: '2027-05-03T09:30:00Z',
        attendees: ['kim@example.com'],
      });
      assert.equal(urgent.status, 200, urgent.text);
      assert.equal(urgent.body.rescheduled.length, 1);
      assert.equal(urgent.body.rescheduled[0].id, planned.body.id);
      assert.deepEqual(urgent.body.rescheduled[0].to, {
        start_at: '2027-05-03T09:30:00.000Z',
        end_at: '2027-05-03T10:30:00.000Z',
      });
      const now = await call('GET', `/api/v1/events/${planned.body.id}`);
      assert.equal(now.body.start_at, '2027-05-03T09:30:00.000Z');
      const trail = await audits(planned.body.id);
      assert.deepEqual(trail.at(-1), { action: 'reschedule', actor_type: 'system', actor_id: 'auto-reschedule' });
      assert.equal((await outbox('event.updated', planned.body.id)).length, 1);
    });
  });

  describe('update and delete', () => {
    it('keeps an auto_plan event editable in place and emits updated/deleted', async () => {
      // office: auto_plan without auto-rescheduling, so the later overlap stays where it is.
      const e = await call('POST', '/api/v1/events', {
        calendar_id: 'office',
        title: 'Editable',
        start_at: '2027-06-01T09:00:00Z',
        end_at: '2027-06-01T10:00:00Z',
        attendees: ['lee@example.com'],
      });
      // A free-mode event lands on top of it later (no auto-reschedule in team).
      await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Overlap',
        start_at: '2027-06-01T09:30:00Z',
        end_at: '2027-06-01T10:30:00Z',
        attendees: ['lee@example.com'],
        mode: 'free',
      });
      const { id: _id, conflicts: _c, rescheduled: _r, ...record } = e.body;
      const renamed = await call('PUT', `/api/v1/events/${e.body.id}`, {
        ...record,
        title: 'Edited title',
        id: 'ignored',
      });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.title, 'Edited title');
      const moved = await call('PUT', `/api/v1/events/${e.body.id}`, { ...record, start_at: '2027-06-01T09:15:00Z' });
      assert.equal(moved.status, 409, 'moving it into the overlap is refused');
      const done = await call('PUT', `/api/v1/events/${e.body.id}`, { ...record, status: 'completed' });
      assert.equal(done.status, 200);
      assert.ok(done.body.completed_at);
      assert.equal((await outbox('event.completed', e.body.id)).length, 1);
      const deleted = await call('DELETE', `/api/v1/events/${e.body.id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.id, e.body.id);
      assert.equal((await call('GET', `/api/v1/events/${e.body.id}`)).status, 404);
      const [message] = await outbox('event.deleted', e.body.id);
      assert.equal(message.payload.data.status, 'completed', 'the message carries the record as it was');
      assert.deepEqual(
        (await audits(e.body.id)).map((a) => a.action),
        ['create', 'update', 'update', 'delete'],
      );
    });
  });

  describe('from an event template', () => {
    it('takes title, duration, attendees and checklist from the template, with overrides', async () => {
      const template = await pool.query<{ id: string }>(
        `INSERT INTO event_templates (name, title, duration_minutes, attendees, tags, checklist, calendar_id)
         VALUES ('Weekly review', 'Weekly review', 45, ARRAY['max@example.com'], ARRAY['weekly'],
                 '["Collect numbers", {"text": "Send minutes", "notes": "to the team"}]', 'team') RETURNING id`,
      );
      const id = template.rows[0]!.id;
      const r = await call('POST', `/api/v1/events/from-template/${id}`, {
        start_at: '2027-08-02T09:00:00+02:00',
        title: 'Weekly review (August)',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.title, 'Weekly review (August)');
      assert.equal(r.body.end_at, '2027-08-02T07:45:00.000Z');
      assert.deepEqual(r.body.attendees, ['max@example.com']);
      assert.equal(r.body.template_id, id);
      assert.equal(r.body.source, 'template');
      assert.deepEqual(r.body.progress, { done: 0, total: 2, all_done: false });
      const tasks = await pool.query(
        'SELECT position, text, notes FROM sub_tasks WHERE event_id = $1 ORDER BY position',
        [r.body.id],
      );
      assert.deepEqual(tasks.rows, [
        { position: 0, text: 'Collect numbers', notes: null },
        { position: 1, text: 'Send minutes', notes: 'to the team' },
      ]);
      const bad = await call('POST', `/api/v1/events/from-template/${id}`, { start_at: 'tomorrow' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.errors.start_at);
      const missing = await call('POST', '/api/v1/events/from-template/00000000-0000-4000-8000-000000000000', {
        start_at: '2027-08-02T09:00:00Z',
      });
      assert.equal(missing.status, 404);
    });
  });

  describe('calendar entries as commands, notes and links', () => {
    before(async () => {
      await pool.query(
        `INSERT INTO whitelists (system, action, params) VALUES
          ('BACKUP', 'RUN', '{"target": {"type": "string", "required": true}, "keep": {"type": "int"}}')`,
      );
    });

    it('turns a whitelisted ACTION: entry into a command and consumes the event', async () => {
      const r = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'ACTION: backup run target="nightly set" keep=7',
        start_at: '2027-07-01T02:00:00Z',
        end_at: '2027-07-01T02:15:00Z',
        attendees: ['ops@example.com'],
      });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.consumed_at);
      assert.equal(r.body.parse_error, null);
      const command = await pool.query(
        'SELECT system, action, params, source FROM commands WHERE source_event_id = $1',
        [r.body.id],
      );
      assert.deepEqual(command.rows, [
        { system: 'BACKUP', action: 'RUN', params: { target: 'nightly set', keep: 7 }, source: 'calendar' },
      ]);
      assert.equal(
        (await pool.query(`SELECT count(*) FROM outbox WHERE event_type = 'command.created'`)).rows[0].count,
        '1',
      );
      // A consumed entry is no busy time.
      const fb = await call(
        'GET',
        `/api/v1/freebusy?attendees=ops@example.com&from=2027-07-01T00:00:00Z&to=2027-07-02T00:00:00Z`,
      );
      assert.deepEqual(fb.body.busy['ops@example.com'], []);
    });

    it('keeps a refused ACTION: entry as an event with a visible parse error', async () => {
      const notListed = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'ACTION: shell exec cmd="rm -rf /"',
        start_at: '2027-07-01T03:00:00Z',
        end_at: '2027-07-01T03:15:00Z',
      });
      assert.equal(notListed.status, 200);
      assert.equal(notListed.body.consumed_at, null);
      assert.match(notListed.body.parse_error, /SHELL\/EXEC is not whitelisted/);
      const badParams = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'Backup',
        description: 'ACTION: BACKUP RUN keep=many',
        start_at: '2027-07-01T04:00:00Z',
        end_at: '2027-07-01T04:15:00Z',
      });
      assert.match(badParams.body.parse_error, /refused/);
      assert.match(badParams.body.parse_error, /target/);
      const malformed = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'ACTION: BACKUP',
        start_at: '2027-07-01T05:00:00Z',
        end_at: '2027-07-01T05:15:00Z',
      });
      assert.ok(malformed.body.parse_error);
      assert.equal((await pool.query('SELECT count(*) FROM commands')).rows[0].count, '1');
    });

    it('turns NOTE:/NOTIZ: into a note and URL: into a saved link, once per synced entry', async () => {
      const note = await call('POST', '/api/v1/events', {
        calendar_id: 'team',
        title: 'NOTIZ: Zählerstand ablesen',
        description: 'Keller, linker Schrank',
        start_at: '2027-07-02T08:00:00Z',
        end_at: '2027-07-02T08:05:00Z',
      });
      assert.equal(note.status, 200, note.text);
      const notes = await pool.query('SELECT text, source, event_id FROM notes WHERE event_id = $1', [note.body.id]);
      assert.deepEqual(notes.rows, [
        { text: 'Zählerstand ablesen\n\nKeller, linker Schrank', source: 'calendar', event_id: note.body.id },
      ]);
      const body = {
        calendar_id: 'team',
        source: 'google:team',
        external_id: 'url-entry',
        title: 'URL: https://example.org/handbook Team handbook',
        start_at: '2027-07-02T09:00:00Z',
        end_at: '2027-07-02T09:05:00Z',
      };
      const link = await call('POST', '/api/v1/events/upsert', body);
      assert.equal(link.status, 200, link.text);
      await call('POST', '/api/v1/events/upsert', { ...body, description: 'synced again' });
      const links = await pool.query('SELECT url, description FROM saved_links WHERE event_id = $1', [link.body.id]);
      assert.deepEqual(
        links.rows,
        [{ url: 'https://example.org/handbook', description: 'Team handbook' }],
        'a re-sync does not repeat it',
      );
    });
  });
});
