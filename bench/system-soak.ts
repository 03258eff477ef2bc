// Soak: the whole system under a steady mixed load for hours (issue #9), sampling the resident
// memory of every process once a minute, then printing each one's growth — the mean of the
// first 10 minutes against the mean of the last 10 (a third of the run each when it is shorter
// than 30 minutes), in MB per hour — and the reconciliation of everything acknowledged.
// Memory is information, not a verdict; the exit code is 1 only when the reconciliation or the
// error targets of bench/system-load.ts fail. Not part of CI.
//   node bench/system-soak.ts [--hours 4] [--rate 5] [--sample-seconds 60] [--stand-in] [--out file.json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage } from '../scripts/build.ts';
import { dataDir } from '../scripts/lib/paths.ts';
import { sampleProcesses, type ProcSample } from '../tests/system/proc-stats.ts';
import { formatTable, reconciliationLines } from '../tests/system/report.ts';
import { runScenario } from '../tests/system/scenario.ts';
import { startStandIn } from '../tests/system/stand-in.ts';
import type { SystemUnderTest } from '../tests/system/system.ts';
import { startLoadTopology } from '../tests/system/topology-system.ts';
import { openSession } from '../tests/system/workload.ts';

const { values: args } = parseArgs({
  options: {
    hours: { type: 'string', default: '4' },
    rate: { type: 'string', default: '5' },
    'sample-seconds': { type: 'string', default: '60' },
    'stand-in': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const hours = Number(args.hours);
const rate = Number(args.rate);
const sampleMs = Number(args['sample-seconds']) * 1000;
if (!(hours > 0) || !(rate > 0) || !(sampleMs > 0))
  throw new Error('--hours, --rate, --sample-seconds must be positive');
const durationMs = Math.round(hours * 3_600_000);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = path.resolve(args.out ?? path.join(dataDir, 'bench', `system-soak-${stamp}.json`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const logFile = fs.createWriteStream(out.replace(/\.json$/, '') + '.log');
const log = (line: string) => logFile.write(`${new Date().toISOString()} ${line}\n`);
const say = (line: string) => {
  console.log(line);
  log(line);
};

say(`system-soak: ${rate} ops/s for ${hours} h, memory sampled every ${sampleMs / 1000} s`);
let system: SystemUnderTest;
let stop: () => Promise<void>;
if (args['stand-in']) {
  const standIn = await startStandIn({ log });
  system = standIn;
  stop = standIn.stop;
} else {
  if (process.env.CHRONOS_SKIP_BUILD !== '1') buildPackage();
  const load = await startLoadTopology({ log });
  system = load.system;
  stop = load.stop;
}

type Sample = { atMs: number; processes: ProcSample[] };
const samples: Sample[] = [];
const started = Date.now();
const take = () => {
  // The generator by itself: its process tree holds every process it started.
  const rssMb = process.memoryUsage().rss / 1048576;
  const generator: ProcSample = { name: 'load generator', pid: process.pid, rssMb, treeRssMb: rssMb, cpuSeconds: 0 };
  const sample = { atMs: Date.now() - started, processes: [...sampleProcesses(system.processes()), generator] };
  samples.push(sample);
  log(`memory: ${sample.processes.map((p) => `${p.name} ${p.rssMb.toFixed(0)} MB`).join(', ')}`);
};

let exitCode = 1;
try {
  const session = await openSession(system);
  take();
  const sampler = setInterval(take, sampleMs);
  let result;
  try {
    result = await runScenario(session, {
      rate,
      durationMs,
      seed: Number(args.seed),
      log: say,
      onProgress: ({ elapsedMs, started: ops, inFlight, errors }) => {
        if (Math.round(elapsedMs / 1000) % 600 === 0)
          say(`  ${(elapsedMs / 60_000).toFixed(0)} min: ${ops} started, ${inFlight} in flight, ${errors} errors`);
      },
    });
  } finally {
    clearInterval(sampler);
  }
  take();
  await session.close();

  // Growth: mean RSS over the first window against the last, per process name.
  const windowMs = Math.min(10 * 60_000, durationMs / 3);
  const end = samples.at(-1)!.atMs;
  const first = samples.filter((s) => s.atMs <= windowMs);
  const last = samples.filter((s) => s.atMs >= end - windowMs);
  const mean = (list: Sample[], name: string, key: 'rssMb' | 'treeRssMb') => {
    const values = list.flatMap((s) => s.processes.filter((p) => p.name === name && p.pid).map((p) => p[key]));
    return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  };
  const spanHours = (end - windowMs) / 3_600_000 || 1;
  const growth = samples[0]!.processes.map(({ name }) => {
    const from = mean(first, name, 'rssMb');
    const to = mean(last, name, 'rssMb');
    const treeFrom = mean(first, name, 'treeRssMb');
    const treeTo = mean(last, name, 'treeRssMb');
    return {
      name,
      firstMb: from,
      lastMb: to,
      mbPerHour: (to - from) / spanHours,
      treeFirstMb: treeFrom,
      treeLastMb: treeTo,
      treeMbPerHour: (treeTo - treeFrom) / spanHours,
    };
  });

  say(`\n${formatTable(result.figures)}`);
  say(`memory (mean of the first ${windowMs / 60_000} min vs the last ${windowMs / 60_000} min):`);
  say(
    `  ${'process'.padEnd(15)} ${'first MB'.padStart(9)} ${'last MB'.padStart(9)} ${'MB/h'.padStart(8)} ${'tree MB/h'.padStart(10)}`,
  );
  for (const g of growth)
    say(
      `  ${g.name.padEnd(15)} ${g.firstMb.toFixed(0).padStart(9)} ${g.lastMb.toFixed(0).padStart(9)} ` +
        `${g.mbPerHour.toFixed(1).padStart(8)} ${g.treeMbPerHour.toFixed(1).padStart(10)}`,
    );
  for (const line of reconciliationLines(result)) say(line);
  fs.writeFileSync(
    out,
    JSON.stringify(
      { options: { hours, rate, sampleMs, standIn: args['stand-in'] }, growth, samples, ...result },
      null,
      2,
    ),
  );
  say(`result: ${out}`);
  exitCode = result.verdict.ok ? 0 : 1;
} finally {
  await stop();
  logFile.end();
}
process.exit(exitCode);
