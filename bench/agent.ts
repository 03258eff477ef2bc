// Benchmark: what the Chronos agent costs its host (issue #6 targets: < 1 % of one core and
// < 60 MB RSS at a 10 s sample interval). Runs the real agent process for a few minutes with
// the fake nvidia-smi (normal scenario: two GPUs), fake systemctl/docker, one real HTTP
// service and a kernel-log file, against a small local server that accepts samples and
// serves empty HEALING command lists; samples its /proc/<pid>/stat once a second.
// The agent is started as in production (agent/README.md): `--prepare` first with
// NODE_COMPILE_CACHE set, so the real start never loads the TypeScript stripper; pass `cold`
// to measure a start without the compile cache.
//   node bench/agent.ts [seconds=150] [interval_s=10] [cold]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { agentMain, fakeNvidiaSmiDir, fakeServicesDir } from '../tests/agent/fixtures.ts';
import { startFakeAdminApi } from '../tests/helpers/fake-admin-api.ts';
import { fmt } from './lib.ts';

const SECONDS = Number(process.argv[2] ?? 150);
const INTERVAL = Number(process.argv[3] ?? 10);
const COLD = process.argv.includes('cold');
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const PAGE = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-bench-agent-'));
const api = await startFakeAdminApi();
const web = http.createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
const state = path.join(dir, 'services');
fs.mkdirSync(state);
for (const unit of ['postgresql.service', 'nginx.service']) fs.writeFileSync(path.join(state, unit), 'active\n');
fs.writeFileSync(path.join(state, 'container-ollama'), 'true|healthy\n');
fs.writeFileSync(path.join(dir, 'kern.log'), '');
const config = path.join(dir, 'agent.json');
fs.writeFileSync(
  config,
  JSON.stringify({
    api_url: api.url,
    host: 'bench-01',
    sample_interval_s: INTERVAL,
    poll_interval_s: INTERVAL,
    state_file: path.join(dir, 'state.json'),
    disks: ['/', os.tmpdir()],
    kernel_log: { source: 'file', path: path.join(dir, 'kern.log') },
    services: [
      { name: 'postgres', kind: 'systemd', unit: 'postgresql.service' },
      { name: 'nginx', kind: 'systemd', unit: 'nginx.service' },
      { name: 'ollama', kind: 'container', container: 'ollama' },
      { name: 'web', kind: 'http', url: `http://127.0.0.1:${(web.address() as AddressInfo).port}/` },
    ],
  }),
);
const env: NodeJS.ProcessEnv = {
  PATH: `${fakeNvidiaSmiDir}:${fakeServicesDir}:${process.env.PATH ?? ''}`,
  FAKE_NVIDIA_SMI_SCENARIO: 'normal',
  FAKE_NVIDIA_SMI_STATE: path.join(dir, 'smi.step'),
  FAKE_SERVICES_STATE: state,
  CHRONOS_AGENT_CONFIG: config,
  CHRONOS_AGENT_API_KEY: 'chr_bench_key',
  ...(COLD ? {} : { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') }),
};
if (!COLD) {
  const prepared = spawnSync(process.execPath, [agentMain, '--prepare'], { env, encoding: 'utf8' });
  if (prepared.status !== 0) throw new Error(`--prepare failed: ${prepared.stdout}${prepared.stderr}`);
}

const agent = spawn(process.execPath, [agentMain], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const pid = agent.pid!;

type Reading = { at: number; cpuTicks: number; childTicks: number; rss: number; anon: number; file: number };
function read(): Reading {
  // /proc/<pid>/stat: fields after the ")" of the command name; utime, stime, cutime, cstime, rss.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return {
    at: performance.now(),
    cpuTicks: Number(f[11]) + Number(f[12]),
    childTicks: Number(f[13]) + Number(f[14]),
    rss: Number(f[21]) * PAGE,
    anon: kb('RssAnon'),
    file: kb('RssFile'),
  };
}

console.log(
  `agent: ${SECONDS} s at a ${INTERVAL} s interval, 2 GPUs (fake nvidia-smi), 4 services, ${COLD ? 'cold start (no compile cache)' : 'compile cache warm (as in production)'}`,
);
await new Promise((resolve) => setTimeout(resolve, 1000));
const start = read();
const readings: Reading[] = [start];
while (performance.now() - start.at < SECONDS * 1000) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  readings.push(read());
}
const end = readings.at(-1)!;
agent.kill('SIGTERM');
await new Promise((resolve) => agent.once('exit', resolve));

const seconds = (end.at - start.at) / 1000;
const cpuPercent = ((end.cpuTicks - start.cpuTicks) / TICK / seconds) * 100;
const childPercent = ((end.childTicks - start.childTicks) / TICK / seconds) * 100;
const mb = (n: number) => n / 1024 / 1024;
const avg = (pick: (r: Reading) => number) => readings.reduce((sum, r) => sum + pick(r), 0) / readings.length;
const max = (pick: (r: Reading) => number) => Math.max(...readings.map(pick));

console.log(`  samples accepted          ${fmt(api.samples.length)} (${fmt(api.requests.length)} requests)`);
console.log(`  CPU, agent process        ${fmt(cpuPercent, 3)} % of one core (target < 1 %)`);
console.log(
  `  CPU, its helper processes ${fmt(childPercent, 3)} % (fake nvidia-smi/systemctl/docker are bash scripts)`,
);
console.log(`  RSS average               ${fmt(mb(avg((r) => r.rss)), 1)} MB (target < 60 MB)`);
console.log(`  RSS max                   ${fmt(mb(max((r) => r.rss)), 1)} MB`);
console.log(
  `  of which anonymous (max)  ${fmt(mb(max((r) => r.anon)), 1)} MB; file-backed (node binary pages, shared) ${fmt(mb(max((r) => r.file)), 1)} MB`,
);

await api.close();
await new Promise((resolve) => web.close(resolve));
fs.rmSync(dir, { recursive: true, force: true });
