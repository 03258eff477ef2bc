// The totals in Content-Range / X-Total-Count (db/list-sql.ts): exact up to COUNT_CAP matches
// (counted in the same statement as the page), the planner's estimate above it (cached for a
// few seconds, then the page is a plain SELECT), exact again on a short last page — and the
// page itself in sort order on every path. API keys serve as the resource (rows made in SQL).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { COUNT_CAP } from '../../admin-api/src/db/list-sql.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

const SMALL = 30;
const LARGE = 1_500;

describe('list totals', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    // SMALL keys of level "high", LARGE of level "standard"; created_at strictly decreasing.
    await pool.query(
      `INSERT INTO api_keys (name, level, public_id, secret_hash, scopes, created_at)
       SELECT 'generated ' || g, CASE WHEN g <= $1::int THEN 'high' ELSE 'standard' END, 'gen' || lpad(g::text, 7, '0'),
              sha256(g::text::bytea), ARRAY['events.read'], timestamptz '2026-01-01' - g * interval '1 minute'
         FROM generate_series(1, $1::int + $2::int) g`,
      [SMALL, LARGE],
    );
    await pool.query('ANALYZE api_keys');
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const list = (filter: object, range: [number, number]) =>
    request(
      api.url,
      'GET',
      `/api/v1/api-keys?filter=${encodeURIComponent(JSON.stringify(filter))}` +
        `&range=${encodeURIComponent(JSON.stringify(range))}&sort=${encodeURIComponent('["created_at","DESC"]')}`,
      { token: admin },
    );
  const names = (reply: { body: Array<{ name: string }> }) => reply.body.map((r) => r.name);
  const generated = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `generated ${from + i}`);

  it('counts a small result exactly, on every page and past its end', async () => {
    const first = await list({ level: 'high', q: 'generated' }, [0, 9]);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-range'), `api-keys 0-9/${SMALL}`);
    assert.equal(first.headers.get('x-total-count'), String(SMALL));
    assert.deepEqual(names(first), generated(1, 10));

    const last = await list({ level: 'high', q: 'generated' }, [20, 39]);
    assert.equal(last.headers.get('content-range'), `api-keys 20-29/${SMALL}`);
    assert.deepEqual(names(last), generated(21, 30));

    const beyond = await list({ level: 'high', q: 'generated' }, [100, 109]);
    assert.equal(beyond.status, 200);
    assert.deepEqual(beyond.body, []);
    assert.equal(beyond.headers.get('content-range'), `api-keys */${SMALL}`);
  });

  it('answers an empty result with a total of 0', async () => {
    const none = await list({ level: 'high', q: 'no such key' }, [0, 24]);
    assert.deepEqual(none.body, []);
    assert.equal(none.headers.get('content-range'), 'api-keys */0');
    const past = await list({ level: 'high', q: 'no such key' }, [50, 74]);
    assert.equal(past.headers.get('content-range'), 'api-keys */0');
  });

  it('reports more than COUNT_CAP for a large result, the same page again from the cached estimate', async () => {
    const page = [100, 124] as [number, number];
    const first = await list({ level: 'standard', q: 'generated' }, page);
    const total = Number(first.headers.get('x-total-count'));
    assert.ok(total > COUNT_CAP, `total ${total} should be above ${COUNT_CAP}`);
    assert.deepEqual(names(first), generated(SMALL + 101, SMALL + 125));

    const again = await list({ level: 'standard', q: 'generated' }, page);
    assert.equal(again.headers.get('x-total-count'), String(total));
    assert.deepEqual(names(again), names(first));
  });

  it('counts exactly on the short last page of a large result', async () => {
    const last = await list({ level: 'standard', q: 'generated' }, [LARGE - 10, LARGE + 9]);
    assert.equal(last.headers.get('content-range'), `api-keys ${LARGE - 10}-${LARGE - 1}/${LARGE}`);
    assert.deepEqual(names(last), generated(SMALL + LARGE - 9, SMALL + LARGE));
  });
});
