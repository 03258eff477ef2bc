// The agent as a real process (node agent/src/main.ts) against the fake admin-api: samples
// arrive with the fake host's figures; unsent samples are kept and re-sent unchanged after an
// outage; the post-reboot validation rides on the first sample after a new boot id only;
// services going down and up (fake systemctl state, a real HTTP server switched off) show up;
// XID lines appended to the kernel log appear once; SIGTERM ends cleanly; a bad config exits 2
// naming the fields; the API key never appears in the logs.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFakeAdminApi, type FakeAdminApi } from '../helpers/fake-admin-api.ts';
import { agentMain, fakeServicesDir, kernelLogFixture, makeFakeHost, type FakeHost } from './fixtures.ts';

const API_KEY = 'chr_agent_process_test_key_0123456789';
type Sample = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

type RunningAgent = { child: ChildProcess; output: () => string; exit: Promise<number | null> };
/** Agents still running when a test ends (it failed midway) are killed, so none leaks into the next. */
const running = new Set<RunningAgent>();

function startAgent(host: FakeHost, config: Record<string, unknown>, env: Record<string, string> = {}): RunningAgent {
  const file = path.join(host.dir, `agent-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [agentMain], {
    env: { ...host.env, CHRONOS_AGENT_CONFIG: file, CHRONOS_AGENT_API_KEY: API_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const agent = { child, output: () => output, exit };
  running.add(agent);
  void exit.then(() => running.delete(agent));
  return agent;
}

async function stopAgent(agent: RunningAgent): Promise<number | null> {
  agent.child.kill('SIGTERM');
  return agent.exit;
}

describe('agent process', { timeout: 120_000 }, () => {
  let host: FakeHost;
  let api: FakeAdminApi;
  let web: http.Server;
  let webUp = true;
  let webUrl: string;
  let kernelLog: string;
  let baseConfig: Record<string, unknown>;

  before(async () => {
    host = makeFakeHost('overheating');
    api = await startFakeAdminApi();
    web = http.createServer((_req, res) => {
      res.writeHead(webUp ? 200 : 503);
      res.end(webUp ? 'ok' : 'down');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/healthz`;
    kernelLog = path.join(host.dir, 'kern.log');
    fs.writeFileSync(kernelLog, '');
    host.setUnit('postgresql.service', 'active');
    host.setContainer('ollama', 'true|healthy');
    baseConfig = {
      api_url: api.url,
      host: 'gpu-01',
      sample_interval_s: 1,
      poll_interval_s: 1,
      proc_root: host.procRoot,
      state_file: path.join(host.dir, 'state.json'),
      disks: ['/'],
      kernel_log: { source: 'file', path: kernelLog },
      services: [
        { name: 'postgres', kind: 'systemd', unit: 'postgresql.service' },
        { name: 'ollama', kind: 'container', container: 'ollama' },
        { name: 'web', kind: 'http', url: webUrl, timeout_s: 2 },
      ],
    };
  });
  afterEach(async () => {
    for (const agent of running) {
      agent.child.kill('SIGKILL');
      await agent.exit;
    }
  });
  after(async () => {
    await api.close();
    await new Promise((resolve) => web.close(resolve));
    fs.rmSync(host.dir, { recursive: true, force: true });
  });

  it('pushes samples with the expected figures; validation only in the first one after a boot', async () => {
    const agent = startAgent(host, baseConfig);
    const samples = await api.waitFor(() => api.samples.length >= 3 && api.samples);
    const first = samples[0] as Sample;
    assert.equal(first.host, 'gpu-01');
    assert.equal(first.boot_id, 'b0000000-0000-4000-8000-000000000001');
    assert.equal(first.uptime_s, 12345);
    assert.equal(first.agent_version, '0.1.0');
    assert.equal(first.cpu.cores, 2);
    assert.equal(first.memory.used_percent, 75);
    assert.equal(first.disks[0].path, '/');
    assert.equal(first.gpus.length, 1);
    assert.equal(first.gpus[0].name, 'NVIDIA A100-PCIE-40GB');
    assert.equal(first.gpus[0].temperature_c, 71);
    assert.equal((samples[2] as Sample).gpus[0].temperature_c, 79, 'one recorded line per sample');
    assert.equal(first.gpu_error, undefined);
    assert.deepEqual(
      first.services.map((s: Sample) => [s.name, s.kind, s.status]),
      [
        ['postgres', 'systemd', 'up'],
        ['ollama', 'container', 'up'],
        ['web', 'http', 'up'],
      ],
    );
    assert.deepEqual(first.reboot_validation, { services_up: ['postgres', 'ollama', 'web'], services_down: [] });
    assert.ok(samples.slice(1).every((s) => s.reboot_validation === undefined));
    assert.ok(api.requests.every((r) => r.auth === `Bearer ${API_KEY}`));
    assert.equal(await stopAgent(agent), 0);
    assert.ok(!agent.output().includes(API_KEY), 'the API key is never logged');
    const state = JSON.parse(fs.readFileSync(path.join(host.dir, 'state.json'), 'utf8'));
    assert.equal(state.last_boot_id, 'b0000000-0000-4000-8000-000000000001');
  });

  it('a restart with the same boot id sends no validation; a new boot id does', async () => {
    api.samples.length = 0;
    let agent = startAgent(host, baseConfig);
    await api.waitFor(() => api.samples.length >= 2);
    await stopAgent(agent);
    assert.ok(api.samples.every((s) => s.reboot_validation === undefined));

    api.samples.length = 0;
    host.setBootId('b0000000-0000-4000-8000-000000000002');
    host.setUnit('postgresql.service', 'failed');
    agent = startAgent(host, baseConfig);
    await api.waitFor(() => api.samples.length >= 2);
    await stopAgent(agent);
    const validations = api.samples.filter((s) => s.reboot_validation);
    assert.equal(validations.length, 1);
    assert.deepEqual(validations[0]!.reboot_validation, {
      services_up: ['ollama', 'web'],
      services_down: ['postgres'],
    });
    host.setUnit('postgresql.service', 'active');
  });

  it('services going down and up, and XID lines appended to the kernel log, show in the next samples', async () => {
    api.samples.length = 0;
    const agent = startAgent(host, baseConfig);
    await api.waitFor(() => api.samples.length >= 1);
    webUp = false;
    host.setContainer('ollama', 'false|');
    fs.appendFileSync(kernelLog, fs.readFileSync(kernelLogFixture));
    const down = (await api.waitFor(() =>
      api.samples.find((s) =>
        (s as Sample).services.every((x: Sample) => x.name === 'postgres' || x.status === 'down'),
      ),
    )) as Sample;
    assert.deepEqual(
      down.services.filter((s: Sample) => s.status === 'down').map((s: Sample) => [s.name, s.detail]),
      [
        ['ollama', 'not running'],
        ['web', 'HTTP 503'],
      ],
    );
    webUp = true;
    host.setContainer('ollama', 'true|healthy');
    const mark = api.samples.length;
    await api.waitFor(() =>
      api.samples.slice(mark).find((s) => (s as Sample).services.every((x: Sample) => x.status === 'up')),
    );
    await stopAgent(agent);
    const xids = api.samples.flatMap((s) => (s as Sample).xid_errors);
    assert.deepEqual(
      xids.map((x: Sample) => [x.code, x.pci_bus_id]),
      [
        [31, '00000000:01:00.0'],
        [13, '00000000:01:00.0'],
      ],
      'each XID reported exactly once',
    );
  });

  it('keeps unsent samples while admin-api fails and re-sends them unchanged afterwards', async () => {
    api.samples.length = 0;
    api.requests.length = 0;
    api.sampleStatus = 503;
    const pushes = () => api.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/health/samples');
    const agent = startAgent(host, baseConfig);
    await api.waitFor(() => pushes().length >= 3);
    const firstTried = (pushes()[0]!.body as Sample).taken_at;
    const failedTicks = pushes().length;
    const recoveredAt = new Date().toISOString();
    api.sampleStatus = 202;
    // Every sample taken during the outage arrives, the oldest (tried first) first.
    await api.waitFor(() => api.samples.filter((s) => String(s.taken_at) < recoveredAt).length >= failedTicks);
    await stopAgent(agent);
    assert.equal(api.samples[0]!.taken_at, firstTried);
    const times = api.samples.map((s) => s.taken_at as string);
    assert.deepEqual(times, [...times].sort(), 'oldest first');
    assert.equal(new Set(times).size, times.length);
  });

  it('no nvidia-smi on PATH: gpus and gpu_error absent; a failing one: gpu_error with its meaning', async () => {
    api.samples.length = 0;
    // The fake services stay on PATH, the fake nvidia-smi does not (and there is no real one here).
    let agent = startAgent(host, baseConfig, { PATH: `${fakeServicesDir}:/usr/bin:/bin` });
    await api.waitFor(() => api.samples.length >= 1);
    await stopAgent(agent);
    assert.ok(!('gpus' in api.samples[0]!) && !('gpu_error' in api.samples[0]!));

    api.samples.length = 0;
    agent = startAgent(host, baseConfig, { FAKE_NVIDIA_SMI_SCENARIO: 'failing-9' });
    await api.waitFor(() => api.samples.length >= 1);
    await stopAgent(agent);
    assert.ok(!('gpus' in api.samples[0]!));
    assert.match(String(api.samples[0]!.gpu_error), /^nvidia-smi exited 9: driver not loaded/);
  });

  it('SIGTERM during an action: the action finishes and is reported, then the agent exits 0', async () => {
    const config = {
      ...baseConfig,
      services: [
        ...(baseConfig.services as unknown[]),
        // A restart that takes a while (a configured argv; commands can only name the service).
        { name: 'slow', kind: 'http', url: webUrl, restart_command: ['bash', '-c', 'sleep 1.5; echo restarted'] },
      ],
    };
    api.commands.push({
      id: 'slow-1',
      system: 'HEALING',
      action: 'RESTART_SERVICE',
      params: { host: 'gpu-01', service: 'slow' },
    });
    const agent = startAgent(host, config);
    await api.waitFor(() => agent.output().includes('"msg":"healing command"'));
    agent.child.kill('SIGTERM');
    assert.equal(await agent.exit, 0);
    const done = api.completed.find((c) => c.id === 'slow-1');
    assert.ok(done, 'reported before exiting');
    assert.match((done.result as { output: string }).output, /restarted$/);
  });

  it('a bad configuration exits 2 naming every bad field', async () => {
    const agent = startAgent(host, { ...baseConfig, sample_interval_s: -1, services: [{ name: 'x', kind: 'ftp' }] });
    assert.equal(await agent.exit, 2);
    assert.match(agent.output(), /sample_interval_s must be between 1 and 3600/);
    assert.match(agent.output(), /services\[0\]\.kind must be http, systemd or container/);
  });
});
