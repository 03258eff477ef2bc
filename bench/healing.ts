// Benchmark: what agent samples and health evaluation cost admin-api's database.
//   1. ingest: HOSTS agents pushing samples concurrently (one transaction each: sample,
//      service failures) → samples/s; at a 10 s interval one admin-api serves rate × 10 hosts;
//   2. evaluation: per host, the last 30 min of 10-s samples (180, with 2 GPUs, 4 services,
//      one service down so rules and gate have work) → ms per host, and for all hosts at once.
//   node bench/healing.ts [hosts=50]
import pg from 'pg';
import type { AuditActor } from '../admin-api/src/http/principal.ts';
import { evaluate } from '../admin-api/src/modules/healing/evaluate.ts';
import { ingest } from '../admin-api/src/modules/host-samples/service.ts';
import { gpu, sample } from '../tests/helpers/health-samples.ts';
import { fmt, startDatabase } from './lib.ts';

const HOSTS = Number(process.argv[2] ?? 50);
const SAMPLES = 180;
const STEP_MS = 10_000;
const ACTOR: AuditActor = { actorType: 'system', actorId: null, actorLabel: 'bench' };

const db = await startDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: 20 });
// Connections cut when the throw-away server stops are expected.
pool.on('error', () => undefined);
try {
  const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const start = end - (SAMPLES - 1) * STEP_MS;
  const hostName = (h: number) => `bench-${String(h).padStart(3, '0')}`;
  const body = (h: number, i: number) =>
    sample(hostName(h), start + i * STEP_MS, {
      gpus: [
        gpu({ utilization_percent: 60 + (i % 30), temperature_c: 70 + (i % 5) }),
        gpu({ index: 1, uuid: 'GPU-1', pci_bus_id: '00000000:02:00.0' }),
      ],
      services: [
        { name: 'n8n', kind: 'http', status: 'up', latency_ms: 8 },
        { name: 'ollama', kind: 'systemd', status: 'up' },
        { name: 'worker', kind: 'container', status: i % 3 === 0 ? 'up' : 'down', detail: 'exited (1)' },
        { name: 'redis', kind: 'container', status: 'up' },
      ],
    });

  // 1. ingest: one async loop per host, all hosts at once.
  const ingestStarted = performance.now();
  await Promise.all(
    Array.from({ length: HOSTS }, async (_, h) => {
      for (let i = 0; i < SAMPLES; i++) await ingest(pool, body(h, i));
    }),
  );
  const ingestS = (performance.now() - ingestStarted) / 1000;
  const perSecond = (HOSTS * SAMPLES) / ingestS;
  console.log(
    `ingest: ${fmt(HOSTS * SAMPLES)} samples from ${HOSTS} hosts in ${fmt(ingestS, 1)} s = ${fmt(perSecond)} samples/s ` +
      `(≈ ${fmt(perSecond * 10)} agents at a 10 s interval)`,
  );

  // 2. evaluation: one host at a time, then all hosts in one call.
  const now = new Date(end);
  const times: number[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const t = performance.now();
    await evaluate(pool, { host: hostName(h), apply: true, dryRun: false, now, actor: ACTOR });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `evaluate one host (${SAMPLES} samples): median ${fmt(times[Math.floor(times.length / 2)]!, 1)} ms, ` +
      `p95 ${fmt(times[Math.floor(times.length * 0.95)]!, 1)} ms`,
  );
  const all = performance.now();
  const result = await evaluate(pool, { apply: true, dryRun: false, now: new Date(end + 1000), actor: ACTOR });
  console.log(
    `evaluate all ${result.hosts.length} hosts: ${fmt(performance.now() - all)} ms ` +
      `(${fmt(result.hosts.reduce((n, h) => n + h.detections.length, 0))} detections, ` +
      `${fmt(result.hosts.reduce((n, h) => n + h.actions.length, 0))} action decisions)`,
  );
} finally {
  await pool.end();
  await db.stop();
}
