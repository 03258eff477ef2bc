// Benchmark: the cost of authentication + rate limiting on a read. One handler (a small
// SELECT) is mounted twice by bench/overhead-server.ts, through the production route():
//   A) GET /bench/public         no authentication; the per-IP rate limit still applies
//   B) GET /bench/authenticated  Bearer API key: IP budget check, key verification, scope
//                                check, per-key rate limit
// Target: mean latency ratio B / A ≤ 1.15 (20 connections).
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
  const api = await startApi(db.url, {}, 'bench/overhead-server.ts');
  const auth = { authorization: `Bearer ${key}` };
  // Warm-up of both paths (JIT, pool, key cache).
  await measure(`${api.url}/bench/public`);
  await measure(`${api.url}/bench/authenticated`, auth);
  const plain = await measure(`${api.url}/bench/public`);
  const authed = await measure(`${api.url}/bench/authenticated`, auth);
  await api.close();
  const line = (name: string, m: typeof plain) =>
    `  ${name.padEnd(38)} ${fmt(m.rps).padStart(7)} req/s, mean ${fmt(m.mean, 2)} ms, p99 ${m.p99} ms, non-2xx ${m.bad}`;
  console.log('auth overhead (20 connections, same handler):');
  console.log(line('GET /bench/public (no auth)', plain));
  console.log(line('GET /bench/authenticated (key + limits)', authed));
  console.log(`  ratio (mean latency)  ${fmt(authed.mean / plain.mean, 3)} (target ≤ 1.15)`);
  console.log(`  ratio (throughput)    ${fmt(plain.rps / authed.rps, 3)}`);
} finally {
  await db.stop();
}
