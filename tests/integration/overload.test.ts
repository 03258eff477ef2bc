// A burst larger than the database pool can serve within DB_CONNECT_TIMEOUT_MS: every request
// either succeeds or is refused with 503 + Retry-After before it changed anything — never a
// 500, never a half-written record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

describe('overload', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'burst', scopes: ['events.write'] })).key;
    // One connection, and a request waits at most 30 ms for it.
    api = await startTestApi(database.url, { DB_POOL_MAX: '1', DB_CONNECT_TIMEOUT_MS: '30' }, UNLIMITED);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  it('answers a burst beyond the pool with 200 or 503 + Retry-After, and stores exactly the 200s', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request(api.url, 'POST', '/api/v1/notes', { token: key, body: { text: `burst note ${i}` } }),
      ),
    );
    const statuses = new Map<number, number>();
    for (const reply of replies) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 503),
      [],
      `only 200 and 503: ${JSON.stringify([...statuses])}`,
    );
    assert.ok((statuses.get(503) ?? 0) > 0, 'the burst was larger than one connection serves in 30 ms');
    const refused = replies.find((r) => r.status === 503)!;
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.body.title, 'Service Unavailable');
    const stored = await pool.query(`SELECT count(*)::int AS n FROM notes WHERE text LIKE 'burst note %'`);
    assert.equal(stored.rows[0].n, statuses.get(200) ?? 0);
  });
});
