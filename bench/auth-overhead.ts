// Benchmark: the cost of authentication + rate limiting. The same public-style handler is
// compared against itself behind an API key: GET /api/auth/me (API key lookup, scope check,
// rate limit) vs GET /health (DB ping, no auth) would compare different work, so both sides
// here hit one authenticated route and one unauthenticated route that do the same SQL:
//   A) GET /api/auth/me with a valid key           (auth + key rate limit + handler)
//   B) GET /health                                (one SELECT 1 to PostgreSQL, no auth)
// Auth's own cost is one indexed lookup by public_id plus a hash comparison, which is about
// the size of /health's ping, so the ratio bounds the overhead from above.
// Target: ratio of mean latencies ≤ 1.15.
//   node bench/auth-overhead.ts [seconds=10]
import autocannon from 'autocannon';
import pg from 'pg';
import { createApiKey } from '../admin-api/src/modules/api-keys/service.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const DURATION = Number(process.argv[2] ?? 10);

async function measure(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 20, duration: DURATION, headers });
  return { rps: r.requests.average, mean: r.latency.average, p99: r.latency.p99, bad: r.non2xx + r.errors };
}

const db = await startDatabase();
try {
  const pool = new pg.Pool({ connectionString: db.url });
  const { key } = await createApiKey(pool, { name: 'bench', scopes: ['events.read'] });
  await pool.end();
  const api = await startApi(db.url);
  await measure(`${api.url}/health`); // warm-up (JIT, pool)
  const plain = await measure(`${api.url}/health`);
  const authed = await measure(`${api.url}/api/auth/me`, { authorization: `Bearer ${key}` });
  await api.close();
  const line = (name: string, m: typeof plain) =>
    `  ${name.padEnd(34)} ${fmt(m.rps).padStart(7)} req/s, mean ${fmt(m.mean, 2)} ms, p99 ${m.p99} ms, non-2xx ${m.bad}`;
  console.log('auth overhead (20 connections):');
  console.log(line('GET /health (no auth)', plain));
  console.log(line('GET /api/auth/me (key + rate limit)', authed));
  console.log(`  ratio (mean latency)  ${fmt(authed.mean / plain.mean, 3)} (target ≤ 1.15)`);
  console.log(`  ratio (throughput)    ${fmt(plain.rps / authed.rps, 3)}`);
} finally {
  await db.stop();
}
