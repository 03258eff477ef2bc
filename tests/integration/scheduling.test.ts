// GET /api/v1/freebusy and POST /api/v1/slots/suggest over HTTP, including the Europe/Berlin
// daylight-saving switches (2027: 28 March and 31 October).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('free/busy and slot suggestion', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    await pool.query(
      `INSERT INTO calendars (id, name, time_zone, working_hours, buffer_minutes) VALUES
        ('berlin', 'Berlin office', 'Europe/Berlin', '{"fri":["09:00-17:00"],"sat":[],"sun":[],"mon":["09:00-17:00"]}', 0)`,
    );
    await pool.query(
      `INSERT INTO events (title, start_at, end_at, attendees, status) VALUES
        ('A', '2027-03-26T08:00Z', '2027-03-26T09:00Z', ARRAY['ana@example.com'], 'scheduled'),
        ('B', '2027-03-26T08:30Z', '2027-03-26T10:00Z', ARRAY['ana@example.com', 'ben@example.com'], 'scheduled'),
        ('C', '2027-03-26T12:00Z', '2027-03-26T13:00Z', ARRAY['ben@example.com'], 'scheduled'),
        ('D', '2027-03-26T14:00Z', '2027-03-26T15:00Z', ARRAY['ben@example.com'], 'cancelled')`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const get = (path: string) => request(api.url, 'GET', path, { token: key });
  const suggest = (body: unknown) => request(api.url, 'POST', '/api/v1/slots/suggest', { token: key, body });

  it('merges busy time per attendee, clipped to the window, ignoring cancelled events', async () => {
    const r = await get(
      '/api/v1/freebusy?attendees=ANA@example.com,ben@example.com,cy@example.com&from=2027-03-26T08:45:00Z&to=2027-03-26T23:00:00Z',
    );
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.busy, {
      'ana@example.com': [{ start_at: '2027-03-26T08:45:00.000Z', end_at: '2027-03-26T10:00:00.000Z' }],
      'ben@example.com': [
        { start_at: '2027-03-26T08:45:00.000Z', end_at: '2027-03-26T10:00:00.000Z' },
        { start_at: '2027-03-26T12:00:00.000Z', end_at: '2027-03-26T13:00:00.000Z' },
      ],
      'cy@example.com': [],
    });
    const bad = await get('/api/v1/freebusy?attendees=&from=2027-03-26T08:45:00Z&to=2027-03-25T23:00:00Z');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors['query.attendees'] ?? bad.body.errors.attendees, bad.text);
  });

  it('suggests the earliest common slots inside working hours, across the spring DST switch', async () => {
    // Friday 26 March (CET, UTC+1): 09:00 local = 08:00Z; Ana and Ben are busy until 10:00Z.
    // Monday 29 March (CEST, UTC+2): 09:00 local = 07:00Z.
    const r = await suggest({
      attendees: ['ana@example.com', 'ben@example.com'],
      duration_minutes: 120,
      from: '2027-03-26T00:00:00Z',
      to: '2027-03-30T00:00:00Z',
      calendar_id: 'berlin',
      count: 5,
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.slots, [
      { start_at: '2027-03-26T10:00:00.000Z', end_at: '2027-03-26T12:00:00.000Z' },
      { start_at: '2027-03-26T13:00:00.000Z', end_at: '2027-03-26T15:00:00.000Z' },
      { start_at: '2027-03-29T07:00:00.000Z', end_at: '2027-03-29T09:00:00.000Z' },
      { start_at: '2027-03-29T09:00:00.000Z', end_at: '2027-03-29T11:00:00.000Z' },
      { start_at: '2027-03-29T11:00:00.000Z', end_at: '2027-03-29T13:00:00.000Z' },
    ]);
  });

  it('handles the autumn switch and explicit working hours, time zone and buffer', async () => {
    // Sunday 31 October 2027: clocks go back at 03:00 CEST. Working 01:00-05:00 local that day is
    // five real hours: 23:00Z (30 Oct) to 04:00Z.
    const r = await suggest({
      attendees: ['zoe@example.com'],
      duration_minutes: 60,
      from: '2027-10-30T12:00:00Z',
      to: '2027-11-01T00:00:00Z',
      working_hours: { sun: ['01:00-05:00'] },
      time_zone: 'Europe/Berlin',
      count: 10,
      step_minutes: 60,
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.body.slots.map((s: { start_at: string }) => s.start_at),
      [
        '2027-10-30T23:00:00.000Z',
        '2027-10-31T00:00:00.000Z',
        '2027-10-31T01:00:00.000Z',
        '2027-10-31T02:00:00.000Z',
        '2027-10-31T03:00:00.000Z',
      ],
    );
    const buffered = await suggest({
      attendees: ['ana@example.com'],
      duration_minutes: 30,
      // Busy 08:00-10:00 plus 30 min buffer: 07:15-07:45 would reach into the buffer.
      from: '2027-03-26T07:15:00Z',
      to: '2027-03-26T12:00:00Z',
      buffer_minutes: 30,
      count: 1,
    });
    assert.deepEqual(buffered.body.slots, [
      { start_at: '2027-03-26T10:30:00.000Z', end_at: '2027-03-26T11:00:00.000Z' },
    ]);
    const badZone = await suggest({
      attendees: ['ana@example.com'],
      duration_minutes: 30,
      from: '2027-03-26T07:00:00Z',
      to: '2027-03-26T12:00:00Z',
      time_zone: 'Mars/Olympus',
    });
    assert.equal(badZone.status, 400);
    assert.ok(badZone.body.errors.time_zone);
    const tooLong = await suggest({
      attendees: ['ana@example.com'],
      duration_minutes: 30,
      from: '2027-01-01T00:00:00Z',
      to: '2028-01-01T00:00:00Z',
    });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body.errors.to, /92 days/);
  });
});
