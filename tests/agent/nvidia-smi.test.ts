// GPU sampling: CSV parsing (bracketed → null, throttle bitmask, names with commas), the fake
// nvidia-smi's recorded scenarios, field fallback for older drivers, exit codes, a hanging
// nvidia-smi killed (and its process gone), and no nvidia-smi at all → no GPU fields.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_FIELDS,
  exitError,
  NvidiaSmi,
  parseGpuCsv,
  refusedField,
  throttleReasons,
  type GpuFigures,
} from '../../agent/src/sampling/nvidia-smi.ts';
import { fakeNvidiaSmiDir, makeFakeHost, useFakeHostEnv, type FakeHost } from './fixtures.ts';

const FAKE = path.join(fakeNvidiaSmiDir, 'nvidia-smi');

describe('nvidia-smi parsing', () => {
  it('turns bracketed and N/A values into null, never 0', () => {
    const [gpu] = parseGpuCsv(
      '0, GPU-1, Tesla K80, 00000000:04:00.0, [N/A], 1024, 11441, 45, [Not Supported], [Not Supported], 562, [Not Supported]\n',
      DEFAULT_FIELDS,
    );
    assert.equal(gpu!.utilization_percent, null);
    assert.equal(gpu!.power_draw_w, null);
    assert.equal(gpu!.power_limit_w, null);
    assert.deepEqual(gpu!.throttle_reasons, []);
    assert.equal(gpu!.memory_used_mib, 1024);
    assert.equal(gpu!.memory_used_percent, 8.95);
    assert.equal(gpu!.temperature_c, 45);
  });

  it('decodes the throttle bitmask into names (unknown bits kept visible)', () => {
    assert.deepEqual(throttleReasons('0x0000000000000000'), []);
    assert.deepEqual(throttleReasons('0x0000000000000001'), ['gpu_idle']);
    assert.deepEqual(throttleReasons('0x0000000000000068'), [
      'hw_slowdown',
      'sw_thermal_slowdown',
      'hw_thermal_slowdown',
    ]);
    assert.deepEqual(throttleReasons('0x0000000000001004'), ['sw_power_cap', 'unknown_0x1000']);
    assert.deepEqual(throttleReasons('[N/A]'), []);
  });

  it('keeps a GPU name that contains a comma in one column', () => {
    const [gpu] = parseGpuCsv(
      '0, GPU-1, Acme Tensor, Rev B, 00000000:01:00.0, 5, 10, 100, 40, 50.5, 100.00, 1000, 0x0\n',
      DEFAULT_FIELDS,
    );
    assert.equal(gpu!.name, 'Acme Tensor, Rev B');
    assert.equal(gpu!.pci_bus_id, '00000000:01:00.0');
    assert.equal(gpu!.power_draw_w, 50.5);
  });

  it('recognises a refused query field and explains exit codes', () => {
    assert.equal(
      refusedField('Field "clocks_event_reasons.active" is not a valid field to query.\n\n'),
      'clocks_event_reasons.active',
    );
    assert.equal(refusedField('all good'), null);
    assert.match(
      exitError(9, 'NVIDIA-SMI has failed because…'),
      /^nvidia-smi exited 9: driver not loaded \(NVIDIA-SMI/,
    );
    assert.match(exitError(12, ''), /exited 12: NVML shared library not found$/);
    assert.match(exitError(15, ''), /exited 15: GPU fell off the bus/);
    assert.match(exitError(255, ''), /exited 255: internal driver error/);
  });
});

describe('nvidia-smi scenarios (fake nvidia-smi on PATH)', { timeout: 60_000 }, () => {
  let host: FakeHost;
  before(() => {
    host = makeFakeHost();
    useFakeHostEnv(host);
  });
  after(() => fs.rmSync(host.dir, { recursive: true, force: true }));

  const readScenario = async (scenario: string, calls: number, env: Record<string, string> = {}) => {
    process.env.FAKE_NVIDIA_SMI_SCENARIO = scenario;
    process.env.FAKE_NVIDIA_SMI_STATE = path.join(host.dir, `${scenario}-${Object.keys(env).join('-')}.step`);
    Object.assign(process.env, env);
    const smi = new NvidiaSmi('nvidia-smi', 5000);
    const readings = [];
    for (let i = 0; i < calls; i++) readings.push(await smi.read());
    for (const key of Object.keys(env)) delete process.env[key];
    return { smi, readings };
  };
  const gpus = (reading: { gpus?: GpuFigures[] }) => {
    assert.ok(reading.gpus, 'expected GPU figures');
    return reading.gpus;
  };

  it('normal: two GPUs with every figure', async () => {
    const { readings } = await readScenario('normal', 1);
    const [g0, g1] = gpus(readings[0]!);
    assert.equal(readings[0]!.gpu_error, undefined);
    assert.deepEqual(g0, {
      index: 0,
      uuid: 'GPU-5f3c2d4e-8a1b-4c7d-9e2f-1a2b3c4d5e6f',
      name: 'NVIDIA GeForce RTX 4090',
      pci_bus_id: '00000000:01:00.0',
      utilization_percent: 34,
      memory_used_mib: 6120,
      memory_total_mib: 24564,
      memory_used_percent: 24.91,
      temperature_c: 52,
      power_draw_w: 118.45,
      power_limit_w: 450,
      clocks_sm_mhz: 2520,
      throttle_reasons: [],
    });
    assert.equal(g1!.index, 1);
    assert.deepEqual(g1!.throttle_reasons, ['gpu_idle']);
  });

  it('overheating ramp: temperature rises sample by sample and thermal throttling appears', async () => {
    const { readings } = await readScenario('overheating', 8);
    const temps = readings.map((r) => gpus(r)[0]!.temperature_c);
    assert.deepEqual(temps, [71, 75, 79, 82, 84, 86, 88, 91]);
    assert.deepEqual(gpus(readings[0]!)[0]!.throttle_reasons, []);
    assert.deepEqual(gpus(readings[4]!)[0]!.throttle_reasons, ['sw_thermal_slowdown']);
    assert.ok(gpus(readings[7]!)[0]!.throttle_reasons.includes('hw_thermal_slowdown'));
  });

  it('memory pressure: used % climbs past 95', async () => {
    const { readings } = await readScenario('memory-pressure', 5);
    const used = readings.map((r) => gpus(r)[0]!.memory_used_percent!);
    for (let i = 1; i < used.length; i++) assert.ok(used[i]! > used[i - 1]!, `rising: ${used.join(', ')}`);
    assert.ok(used[0]! < 90 && used.at(-1)! > 95, used.join(', '));
  });

  it('hang: utilisation pinned at 99–100 % with flat power', async () => {
    const { readings } = await readScenario('hang', 4);
    const figures = readings.map((r) => gpus(r)[0]!);
    assert.ok(figures.every((g) => g.utilization_percent! >= 99));
    const powers = figures.map((g) => g.power_draw_w!);
    assert.ok(Math.max(...powers) - Math.min(...powers) < 1, powers.join(', '));
  });

  it('xid scenario: the card stays readable while the job dies (utilisation drops to 0)', async () => {
    const { readings } = await readScenario('xid', 2);
    assert.equal(gpus(readings[0]!)[0]!.utilization_percent, 94);
    assert.equal(gpus(readings[1]!)[0]!.utilization_percent, 0);
  });

  it('[N/A], [Not Supported], [GPU requires reset] become null', async () => {
    const { readings } = await readScenario('not-supported', 1);
    const [k80, broken] = gpus(readings[0]!);
    assert.equal(k80!.utilization_percent, null);
    assert.equal(k80!.power_draw_w, null);
    assert.equal(k80!.memory_total_mib, 11441);
    for (const key of ['utilization_percent', 'memory_used_mib', 'temperature_c', 'power_draw_w', 'clocks_sm_mhz'])
      assert.equal(broken![key as keyof GpuFigures], null, key);
    assert.equal(broken!.memory_used_percent, null);
  });

  it('older driver: clocks_event_reasons refused → clocks_throttle_reasons, remembered', async () => {
    const { smi, readings } = await readScenario('overheating', 5, {
      FAKE_NVIDIA_SMI_REFUSE: 'clocks_event_reasons.active',
    });
    assert.ok(smi.queryFields.includes('clocks_throttle_reasons.active'));
    assert.ok(!smi.queryFields.includes('clocks_event_reasons.active'));
    assert.equal(readings[0]!.gpu_error, undefined);
    // The refused call did not consume a recorded sample: the ramp is intact.
    assert.deepEqual(gpus(readings[4]!)[0]!.throttle_reasons, ['sw_thermal_slowdown']);
    assert.equal(gpus(readings[4]!)[0]!.temperature_c, 84);
  });

  it('a driver that knows neither throttle field: the field is dropped, the rest still reported', async () => {
    const { smi, readings } = await readScenario('normal', 1, {
      FAKE_NVIDIA_SMI_REFUSE: 'clocks_event_reasons.active,clocks_throttle_reasons.active',
    });
    assert.ok(!smi.queryFields.some((f) => f.includes('reasons')));
    const [g0] = gpus(readings[0]!);
    assert.deepEqual(g0!.throttle_reasons, []);
    assert.equal(g0!.temperature_c, 52);
  });

  it('exit 9 and exit 15 become gpu_error with their meaning, without gpus', async () => {
    const nine = (await readScenario('failing-9', 1)).readings[0]!;
    assert.equal(nine.gpus, undefined);
    assert.match(nine.gpu_error!, /^nvidia-smi exited 9: driver not loaded/);
    const fifteen = (await readScenario('failing-15', 1)).readings[0]!;
    assert.equal(fifteen.gpus, undefined);
    assert.match(fifteen.gpu_error!, /^nvidia-smi exited 15: GPU fell off the bus.*GPU is lost/);
  });

  it('a hanging nvidia-smi is killed at the timeout: gpu_error "timed out", no process left', async () => {
    process.env.FAKE_NVIDIA_SMI_SCENARIO = 'hanging';
    const pidFile = path.join(host.dir, 'hang.pid');
    process.env.FAKE_NVIDIA_SMI_PIDFILE = pidFile;
    const reading = await new NvidiaSmi('nvidia-smi', 300).read();
    delete process.env.FAKE_NVIDIA_SMI_PIDFILE;
    assert.equal(reading.gpus, undefined);
    assert.equal(reading.gpu_error, 'nvidia-smi timed out after 300 ms (killed)');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  });

  it('no nvidia-smi on PATH: no GPU fields at all, and no error', async () => {
    const reading = await new NvidiaSmi('nvidia-smi-not-installed', 1000).read();
    assert.deepEqual(reading, {});
    const savedPath = process.env.PATH;
    process.env.PATH = '/usr/bin:/bin';
    try {
      assert.deepEqual(await new NvidiaSmi('nvidia-smi', 1000).read(), {});
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('-pl and -r invocations are recorded by the fake', async () => {
    fs.rmSync(host.smiLog, { force: true });
    process.env.FAKE_NVIDIA_SMI_SCENARIO = 'normal';
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(FAKE, ['-i', '0', '-pl', '300'], { env: process.env }).toString();
    assert.match(out, /Power limit for GPU 00000000:01:00.0 was set to 300.00 W/);
    execFileSync(FAKE, ['-i', '1', '-r'], { env: process.env });
    assert.deepEqual(host.smiCalls(), ['nvidia-smi -i 0 -pl 300', 'nvidia-smi -i 1 -r']);
  });
});
