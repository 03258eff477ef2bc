// Benchmark: the whole system under a mixed open-loop load (issue #9). Starts the production
// topology as real processes (tests/helpers/topology.ts: PostgreSQL, Redis, n8n main + worker
// in queue mode with every workflow active, admin-api ×2 with the relay, the agent, SMTP and
// the fake Telegram), runs the workload of tests/system/ over both replicas at a fixed arrival
// rate, optionally with the fault schedule spread over the run, then reconciles and prints the
// figures. Writes the full result as JSON (and the processes' log next to it).
//   node bench/system-load.ts [--minutes 10] [--rate 5] [--faults] [--seed 1] [--out file.json]
//   (npm run load -- …). Default rate 5 operations/s: on this 2-core machine that is about 3 n8n
//   webhooks/s (ingest, event and command announcements) and keeps n8n main at ~40 % of a core,
//   the worker at ~30 %, everything together at ~45 % of the machine; at 10/s n8n main saturates
//   (its database pool starves, it answers 503 "Database is not ready" and the outbox backs up).
//   node bench/system-load.ts --stand-in …   two admin-api processes on their own PostgreSQL
//                                           (no n8n, no Redis): the driver without the topology
// Targets (exit code 1 when missed): nothing acknowledged lost, no duplicate delivery the relay
// cannot explain; without faults no error at all (so no 5xx); with faults every fault
// recovered from by itself and no error once the last one has settled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage } from '../scripts/build.ts';
import { dataDir } from '../scripts/lib/paths.ts';
import { FAULT_KINDS, spreadFaults } from '../tests/system/faults.ts';
import { machineCpu, ownCpuSeconds, sampleProcesses, type ProcSample } from '../tests/system/proc-stats.ts';
import { formatTable, reconciliationLines } from '../tests/system/report.ts';
import { runScenario } from '../tests/system/scenario.ts';
import { startStandIn } from '../tests/system/stand-in.ts';
import type { SystemUnderTest } from '../tests/system/system.ts';
import { startLoadTopology } from '../tests/system/topology-system.ts';
import { openSession } from '../tests/system/workload.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    faults: { type: 'boolean', default: false },
    'stand-in': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
if (!(minutes > 0) || !(rate > 0)) throw new Error('--minutes and --rate must be positive numbers');
const durationMs = Math.round(minutes * 60_000);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = path.resolve(args.out ?? path.join(dataDir, 'bench', `system-load-${stamp}.json`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const logFile = fs.createWriteStream(out.replace(/\.json$/, '') + '.log');
const log = (line: string) => logFile.write(`${new Date().toISOString()} ${line}\n`);
const say = (line: string) => {
  console.log(line);
  log(line);
};

say(
  `system-load: ${args['stand-in'] ? 'stand-in (2 admin-api processes, own PostgreSQL)' : 'production topology'}, ` +
    `${rate} ops/s for ${minutes} min${args.faults ? ', with faults' : ''}; ${os.cpus().length} cores`,
);
let system: SystemUnderTest;
let stop: () => Promise<void>;
if (args['stand-in']) {
  const standIn = await startStandIn({ log });
  system = standIn;
  stop = standIn.stop;
} else {
  if (process.env.CHRONOS_SKIP_BUILD !== '1') buildPackage(); // n8n loads the package from dist/
  const started = Date.now();
  const load = await startLoadTopology({ log });
  say(`topology started in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  system = load.system;
  stop = load.stop;
}

let exitCode = 1;
try {
  const session = await openSession(system);
  // Faults in the middle: a fault-free first fifth (warm-up), the faults spread to 60 %, then
  // at least 40 % of the run to settle and show that no error remains.
  const faults = args.faults ? spreadFaults(system, FAULT_KINDS, durationMs * 0.2, durationMs * 0.6) : undefined;
  const settleMs = Math.min(30_000, durationMs * 0.1);
  const cpuBefore = machineCpu();
  const procBefore = sampleProcesses(system.processes());
  const ownBefore = ownCpuSeconds();
  const result = await runScenario(session, {
    rate,
    durationMs,
    seed: Number(args.seed),
    faults,
    settleMs,
    log: say,
    onProgress: ({ elapsedMs, started, inFlight, errors }) => {
      if (Math.round(elapsedMs / 1000) % 30 === 0)
        say(`  ${(elapsedMs / 1000).toFixed(0)} s: ${started} started, ${inFlight} in flight, ${errors} errors`);
    },
  });
  const cpuAfter = machineCpu();
  const procAfter = sampleProcesses(system.processes());
  const ownSeconds = ownCpuSeconds() - ownBefore;
  await session.close();

  const wallSeconds = (cpuAfter.total - cpuBefore.total) / 100 / cpuAfter.cores;
  const machineBusyPct = (100 * (cpuAfter.busy - cpuBefore.busy)) / (cpuAfter.total - cpuBefore.total);
  const perProcess = procAfter.map((after) => {
    const before: ProcSample | undefined = procBefore.find((b) => b.name === after.name && b.pid === after.pid);
    // A process restarted by a fault has a new pid: its CPU counts from its restart.
    const cpuSeconds = after.cpuSeconds - (before?.cpuSeconds ?? 0);
    return { ...after, cpuPctOfCore: (100 * cpuSeconds) / wallSeconds };
  });
  perProcess.push({
    name: 'load generator',
    pid: process.pid,
    rssMb: process.memoryUsage().rss / 1048576,
    treeRssMb: process.memoryUsage().rss / 1048576,
    cpuSeconds: ownSeconds,
    cpuPctOfCore: (100 * ownSeconds) / wallSeconds,
  });

  say(`\n${formatTable(result.figures)}`);
  say(`generator: max lag ${result.run.maxLagMs.toFixed(1)} ms, max in flight ${result.run.maxInFlight}`);
  say(
    `CPU over the run: machine ${machineBusyPct.toFixed(0)} % busy (${cpuAfter.cores} cores; anything else running counts too)`,
  );
  for (const p of perProcess)
    say(
      `  ${p.name.padEnd(15)} ${p.cpuPctOfCore.toFixed(0).padStart(4)} % of a core, RSS ${p.rssMb.toFixed(0)} MB (tree ${p.treeRssMb.toFixed(0)} MB)`,
    );
  if (result.faults) {
    say('faults:');
    for (const w of result.faults.windows)
      say(
        `  ${w.kind.padEnd(17)} ${w.target.padEnd(11)} at ${(w.startMs / 1000).toFixed(0)} s, back after ${(w.durationMs / 1000).toFixed(1)} s; ` +
          `${w.operations} ops in window: 5xx ${w.errors.s5xx}, network ${w.errors.network}, 4xx ${w.errors.s4xx}; ` +
          `recovered ${w.recoveredAfterMs === undefined ? 'NEVER' : `after ${(w.recoveredAfterMs / 1000).toFixed(1)} s`}${w.error ? ` (${w.error})` : ''}`,
      );
    say(
      `  warm-up errors ${result.faults.warmUp.errors.total}; errors after settling ${result.faults.afterSettle.errors.total}`,
    );
  }
  for (const line of reconciliationLines(result)) say(line);

  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        options: { minutes, rate, faults: args.faults, standIn: args['stand-in'], seed: Number(args.seed) },
        machine: { cores: cpuAfter.cores, busyPct: machineBusyPct, processes: perProcess },
        ...result,
      },
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
