// Benchmark: 8 concurrent writers appending to the hash-chained audit log, one row per
// transaction (the real pattern: a change and its audit row commit together). Prints rows/s
// and the verification result. Target: ≥ 1000 rows/s, zero broken links.
//   node bench/audit-append.ts [rowsPerWriter=1000]
import pg from 'pg';
import { appendAudit } from '../admin-api/src/modules/audit/repo.ts';
import { fmt, startDatabase } from './lib.ts';

const WRITERS = 8;
const PER_WRITER = Number(process.argv[2] ?? 1000);

const db = await startDatabase();
try {
  const clients = await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return client;
    }),
  );
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        await client.query('BEGIN');
        await appendAudit(client, {
          actorType: 'api_key',
          actorId: `writer-${w}`,
          actorLabel: `writer ${w}`,
          scope: 'events.write',
          entity: 'event',
          entityId: String(i),
          action: 'update',
          oldValue: { title: `before ${i}` },
          newValue: { title: `after ${i}`, tags: ['a', 'b'] },
          ip: '10.0.0.1',
          userAgent: 'bench',
          riskScore: 20,
        });
        await client.query('COMMIT');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rows = WRITERS * PER_WRITER;
  const verifyStarted = performance.now();
  const broken = await clients[0]!.query('SELECT * FROM audit_verify()');
  const verifyMs = performance.now() - verifyStarted;
  const dense = await clients[0]!.query('SELECT count(*)::int AS n, max(seq)::int AS hi FROM audit_log');
  await Promise.all(clients.map((c) => c.end()));
  console.log(`audit append: ${WRITERS} writers × ${fmt(PER_WRITER)} transactions = ${fmt(rows)} rows`);
  console.log(`  time          ${fmt(seconds, 2)} s`);
  console.log(`  throughput    ${fmt(rows / seconds)} rows/s (target ≥ 1000)`);
  console.log(
    `  verify        ${broken.rowCount === 0 ? 'intact' : `BROKEN at seq ${broken.rows[0].seq}`} in ${fmt(verifyMs)} ms`,
  );
  console.log(
    `  seq dense     ${dense.rows[0].n === dense.rows[0].hi ? 'yes' : 'NO'} (${fmt(dense.rows[0].n)} rows, max seq ${fmt(dense.rows[0].hi)})`,
  );
} finally {
  await db.stop();
}
