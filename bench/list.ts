// Benchmark: a list resource with 100,000 rows (api_keys, generated in SQL), GET with a
// filter, a sort and a range, 50 connections for ~10 s through autocannon against a real
// admin-api (API key auth and rate limiting included). Target: ≥ 2000 req/s, p99 ≤ 50 ms.
//   node bench/list.ts [seconds=10]
import autocannon from 'autocannon';
import pg from 'pg';
import { createApiKey } from '../admin-api/src/modules/api-keys/service.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const ROWS = 100_000;
const DURATION = Number(process.argv[2] ?? 10);

const db = await startDatabase();
try {
  const pool = new pg.Pool({ connectionString: db.url });
  // Generated keys: random hashes (no usable secret), mixed levels and scopes, spread in time.
  await pool.query(
    `INSERT INTO api_keys (name, level, public_id, secret_hash, scopes, created_at)
     SELECT 'key ' || g, CASE WHEN g % 5 = 0 THEN 'high' ELSE 'standard' END, 'bench' || lpad(g::text, 7, '0'),
            sha256(g::text::bytea), CASE WHEN g % 3 = 0 THEN ARRAY['events.read'] ELSE ARRAY['templates.read'] END,
            now() - g * interval '1 minute'
       FROM generate_series(1, $1) g`,
    [ROWS],
  );
  await pool.query('ANALYZE api_keys');
  const { key } = await createApiKey(pool, { name: 'bench', scopes: ['admin'] });
  await pool.end();
  const api = await startApi(db.url);
  const query =
    `filter=${encodeURIComponent('{"level":"standard","scope":"events.read"}')}` +
    `&sort=${encodeURIComponent('["created_at","DESC"]')}&range=${encodeURIComponent('[50,74]')}`;
  const check = await fetch(`${api.url}/api/v1/api-keys?${query}`, { headers: { authorization: `Bearer ${key}` } });
  console.log(
    `list: ${fmt(ROWS)} api_keys; check ${check.status}, Content-Range ${check.headers.get('content-range')}`,
  );
  const result = await autocannon({
    url: `${api.url}/api/v1/api-keys?${query}`,
    connections: 50,
    duration: DURATION,
    headers: { authorization: `Bearer ${key}` },
  });
  await api.close();
  console.log(
    `  requests      ${fmt(result.requests.total)} in ${DURATION} s, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  console.log(`  throughput    ${fmt(result.requests.average)} req/s (target ≥ 2000)`);
  console.log(`  latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target p99 ≤ 50 ms)`);
} finally {
  await db.stop();
}
