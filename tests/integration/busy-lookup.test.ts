// The busy-time lookup (migrations/0024, busyEventIds in events/repo.ts) reads per attendee only
// the entries starting at most the longest busy interval before a window. These check the
// bound: a long event that started long before the window is still found — by free/busy, by a
// conflict check, after an update makes an event longer — and the bound only ever grows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('busy-time lookup', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'planner', scopes: ['events.read', 'events.write'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown) => request(api.url, method, path, { token: key, body });
  const longest = async () =>
    (
      await pool.query<{ hours: number }>(
        'SELECT (extract(epoch FROM longest) / 3600)::float8 AS hours FROM event_busy_longest',
      )
    ).rows[0]!.hours;
  const busyOf = async (attendee: string, from: string, to: string) =>
    (await call('GET', `/api/v1/freebusy?attendees=${attendee}&from=${from}&to=${to}`)).body.busy[attendee];

  it('finds a two-week event from a window in its second week', async () => {
    const created = await call('POST', '/api/v1/events', {
      title: 'Sabbatical',
      start_at: '2031-05-01T00:00:00Z',
      end_at: '2031-05-15T00:00:00Z',
      attendees: ['long@example.com'],
    });
    assert.equal(created.status, 200, created.text);
    assert.ok((await longest()) >= 14 * 24, 'the bound grew to the longest event');
    assert.deepEqual(await busyOf('long@example.com', '2031-05-10T09:00:00Z', '2031-05-10T10:00:00Z'), [
      { start_at: '2031-05-10T09:00:00.000Z', end_at: '2031-05-10T10:00:00.000Z' },
    ]);
    const clash = await call('POST', '/api/v1/events', {
      title: 'Planning',
      mode: 'auto_plan',
      start_at: '2031-05-12T09:00:00Z',
      end_at: '2031-05-12T10:00:00Z',
      attendees: ['long@example.com'],
    });
    assert.equal(clash.status, 409, clash.text);
  });

  it('raises the bound when an update makes an event longer, and keeps it after a delete', async () => {
    const before = await longest();
    const short = await call('POST', '/api/v1/events', {
      title: 'Trip',
      start_at: '2032-01-01T08:00:00Z',
      end_at: '2032-01-01T09:00:00Z',
      attendees: ['trip@example.com'],
    });
    assert.equal(short.status, 200, short.text);
    const id = short.body.id as string;
    const longer = await call('PUT', `/api/v1/events/${id}`, {
      ...short.body,
      end_at: '2032-02-15T09:00:00Z',
    });
    assert.equal(longer.status, 200, longer.text);
    const grown = await longest();
    assert.ok(grown > before && grown >= 45 * 24, `bound ${grown} h after the update`);
    assert.equal((await busyOf('trip@example.com', '2032-02-14T00:00:00Z', '2032-02-14T01:00:00Z')).length, 1);

    assert.equal((await call('DELETE', `/api/v1/events/${id}`)).status, 200);
    assert.deepEqual(await busyOf('trip@example.com', '2032-02-14T00:00:00Z', '2032-02-14T01:00:00Z'), []);
    assert.equal(await longest(), grown, 'the bound never shrinks');
  });

  it('does not find events that end exactly where the window starts', async () => {
    await call('POST', '/api/v1/events', {
      title: 'Before',
      start_at: '2033-03-01T08:00:00Z',
      end_at: '2033-03-01T09:00:00Z',
      attendees: ['edge@example.com'],
    });
    assert.deepEqual(await busyOf('edge@example.com', '2033-03-01T09:00:00Z', '2033-03-01T10:00:00Z'), []);
    assert.equal((await busyOf('edge@example.com', '2033-03-01T08:59:00Z', '2033-03-01T10:00:00Z')).length, 1);
  });
});
