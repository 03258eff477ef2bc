// Benchmark: the outbox relay delivering signed webhooks to a local HTTP sink (targets from
// issue #5): throughput of one relay process (≥ 3,000 deliveries/s), two relay processes
// without any double delivery, and commit → delivery latency at a steady 500 rows/s
// (p50 ≤ 10 ms, p99 ≤ 100 ms).
//   node bench/relay.ts [rows=30000] [latency seconds=10]
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { seal } from '../admin-api/src/crypto/secret-box.ts';
import { repoRoot } from '../scripts/lib/paths.ts';
import { fmt, startDatabase } from './lib.ts';

const ROWS = Number(process.argv[2] ?? 30_000);
const LATENCY_SECONDS = Number(process.argv[3] ?? 10);
const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const SECRET = 'whsec_' + Buffer.from('bench-signing-secret-of-32-bytes').toString('base64');
const SUBSCRIPTION = '00000000-0000-4000-8000-0000000be7c4';

const db = await startDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: 8 });
pool.on('error', () => undefined); // idle clients cut off when the database stops at the end

// The sink: counts every webhook-id and, for the latency run, the delay since the commit
// time carried in the payload.
const seen = new Map<string, number>();
const latencies: number[] = [];
const sink = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { committed_at?: number };
    if (body.committed_at) latencies.push(Date.now() - body.committed_at);
    res.writeHead(200).end();
  });
});
sink.keepAliveTimeout = 60_000;
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;

const box = seal(Buffer.from(KEY, 'hex'), SECRET, `subscriptions:${SUBSCRIPTION}`);
await pool.query(
  `INSERT INTO subscriptions (id, url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
   VALUES ($1, $2, ARRAY['*'], $3, $4, $5)`,
  [SUBSCRIPTION, sinkUrl, box.ciphertext, box.nonce, box.keyId],
);

function relayProcess(): ChildProcess {
  return spawn(process.execPath, [path.join(repoRoot, 'admin-api', 'src', 'relay', 'main.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: db.url,
      CHRONOS_ENCRYPTION_KEY: KEY,
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '8',
      ...(process.env.BENCH_PROF ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/chronos-bench-prof' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
const stop = async (p: ChildProcess) => {
  p.kill('SIGTERM');
  if (p.exitCode === null) await new Promise((r) => p.once('exit', r));
};

async function fill(n: number, tag: string) {
  await pool.query(
    `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key)
     SELECT 'bench.thing', 'webhook', $1, $2, jsonb_build_object('n', g), $3 || g
       FROM generate_series(1, $4) g`,
    [SUBSCRIPTION, sinkUrl, `msg_${tag}_`, n],
  );
}
// The sink's count first (in this process), then the database's: a count(*) every 50 ms over
// the whole run cost PostgreSQL about a tenth of a core, taken from the relay it measures.
async function waitDelivered(total: number) {
  while (seen.size < total) await new Promise((res) => setTimeout(res, 10));
  for (;;) {
    const r = await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'delivered'`);
    if (r.rows[0].n >= total) return;
    await new Promise((res) => setTimeout(res, 10));
  }
}

try {
  // 1. One relay.
  await fill(ROWS, 'one');
  seen.clear();
  let started = performance.now();
  const one = relayProcess();
  await waitDelivered(ROWS);
  const oneSeconds = (performance.now() - started) / 1000;
  await stop(one);
  console.log(`relay: ${fmt(ROWS)} rows, one relay process`);
  console.log(
    `  throughput    ${fmt(ROWS / oneSeconds)} deliveries/s (${fmt(oneSeconds, 1)} s, target ≥ 3,000/s; includes start-up)`,
  );

  // 2. Two relays.
  await pool.query('DELETE FROM outbox');
  seen.clear();
  await fill(ROWS, 'two');
  started = performance.now();
  const a = relayProcess();
  const b = relayProcess();
  await waitDelivered(ROWS);
  const twoSeconds = (performance.now() - started) / 1000;
  await Promise.all([stop(a), stop(b)]);
  const doubles = [...seen.values()].filter((n) => n > 1).length;
  console.log(`relay: ${fmt(ROWS)} rows, two relay processes`);
  console.log(
    `  throughput    ${fmt(ROWS / twoSeconds)} deliveries/s; distinct ids ${fmt(seen.size)}, delivered twice ${doubles} (target 0)`,
  );

  // 3. Latency at a steady 500 rows/s, one row per transaction.
  await pool.query('DELETE FROM outbox');
  latencies.length = 0;
  seen.clear();
  const relay = relayProcess();
  await new Promise((r) => setTimeout(r, 1500)); // start-up, LISTEN
  const perTick = 5; // 5 rows every 10 ms
  const ticks = LATENCY_SECONDS * 100;
  let n = 0;
  const t0 = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const due = t0 + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await Promise.all(
      Array.from({ length: perTick }, () => {
        const i = n++;
        return pool.query(
          `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key)
           VALUES ('bench.latency', 'webhook', $1, $2, jsonb_build_object('committed_at', $3::bigint), $4)`,
          [SUBSCRIPTION, sinkUrl, Date.now(), `msg_lat_${i}`],
        );
      }),
    );
  }
  await waitDelivered(n);
  await stop(relay);
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(`relay: commit → delivery at ${fmt(n / LATENCY_SECONDS)} rows/s for ${LATENCY_SECONDS} s`);
  console.log(
    `  latency       p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms (target p50 ≤ 10, p99 ≤ 100)`,
  );
} finally {
  sink.close();
  await pool.end();
  await db.stop();
}
