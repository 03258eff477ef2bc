// Benchmark: POST /ingest/{domain} with single JSON objects, 50 connections for N seconds
// through autocannon against a real admin-api process (token verification, rate limiting,
// body parsing, the INSERT and the `ingest.received` fan-out included). Run twice: without a
// subscription (the message matches nobody), and with one subscription to ingest.* (one outbox
// row per request as well); then, for comparison, arrays of 10 records per request. After each
// run every acknowledged record must be in the database: nothing acknowledged is lost.
// Target (single objects): ≥ 5000 records/s, p99 ≤ 50 ms.
//   node bench/ingest.ts [seconds=10]
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { createToken } from '../admin-api/src/modules/ingest/service.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const DURATION = Number(process.argv[2] ?? 10);
let sent = 0;

const db = await startDatabase();
try {
  const pool = new pg.Pool({ connectionString: db.url });
  const { token } = await createToken(
    pool,
    { domain: 'bench', description: 'benchmark', expires_at: null },
    { actorType: 'system', actorId: 'bench', actorLabel: 'benchmark' },
  );
  // The relay would try to deliver the subscription's rows to a host that does not exist;
  // delivery is not what this measures.
  const api = await startApi(db.url, {
    RELAY_ENABLED: 'false',
    INGEST_RATE_LIMIT_PER_IP: '1000000000',
  });
  const url = `${api.url}/ingest/bench`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const check = await fetch(url, { method: 'POST', headers, body: '{"check":true}' });
  console.log(`ingest: check ${check.status} ${await check.text()}`);

  // Warm-up (JIT, pool connections, token cache), not measured.
  await autocannon({ url, method: 'POST', connections: 50, duration: 3, headers, body: '{"warm":"up"}' });

  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const record = () => `{"sensor":"s-${sent++}","temperature":21.5,"humidity":40,"ok":true,"tags":["a","b"]}`;
  const phases = [
    { label: 'single objects, without subscriptions', subscribed: false, perRequest: 1 },
    { label: 'single objects, with one subscription to ingest.*', subscribed: true, perRequest: 1 },
    // For comparison (not the target's shape): callers that batch 10 records per request.
    { label: 'arrays of 10 records, without subscriptions', subscribed: false, perRequest: 10 },
  ];
  for (const phase of phases) {
    await pool.query('DELETE FROM subscriptions');
    if (phase.subscribed)
      await pool.query(
        `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
         VALUES ('https://hooks.example.test/ingest', ARRAY['ingest.*'],
                 '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
      );
    const recordsBefore = await count('SELECT count(*) AS n FROM ingest_records');
    const outboxBefore = await count('SELECT count(*) AS n FROM outbox');
    const acknowledged: string[] = [];
    const result = await autocannon({
      url,
      method: 'POST',
      connections: 50,
      duration: DURATION,
      headers,
      // A different body per request (autocannon's idReplacement sends nothing with a body).
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: phase.perRequest === 1 ? record() : `[${Array.from({ length: phase.perRequest }, record).join(',')}]`,
          }),
          // The ids of every acknowledged record, to check afterwards that each one is stored.
          onResponse: (status, body) => {
            if (status === 200) acknowledged.push(...(JSON.parse(body) as { ids: string[] }).ids);
          },
        },
      ],
    });
    const records = (await count('SELECT count(*) AS n FROM ingest_records')) - recordsBefore;
    const outbox = (await count('SELECT count(*) AS n FROM outbox')) - outboxBefore;
    const found = Number(
      (await pool.query('SELECT count(*) AS n FROM ingest_records WHERE id = ANY($1::uuid[])', [acknowledged])).rows[0]
        .n,
    );
    const ok = result['2xx'];
    const complete = found === acknowledged.length && acknowledged.length === ok * phase.perRequest;
    console.log(`${phase.label} (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`);
    console.log(
      `  requests      ${fmt(result.requests.total)} in ${DURATION} s, 2xx ${fmt(ok)}, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    console.log(
      `  throughput    ${fmt(result.requests.average * phase.perRequest)} records/s, ${fmt(result.requests.average)} requests/s (target ≥ 5000 records/s)`,
    );
    console.log(`  latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target p99 ≤ 50 ms)`);
    // autocannon stops with up to 50 requests in flight: the server may have stored those
    // records without autocannon counting the answer. What must hold: every acknowledged
    // record is in the database.
    console.log(
      `  stored        ${fmt(found)} of ${fmt(acknowledged.length)} acknowledged records found (${complete ? 'nothing lost' : 'LOST RECORDS'}); ` +
        `${fmt(records - found)} more from requests in flight at the stop; outbox rows ${fmt(outbox)}`,
    );
  }
  await api.close();
  await pool.end();
} finally {
  await db.stop();
}
