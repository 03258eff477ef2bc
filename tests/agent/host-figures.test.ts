// Host figures against a fake /proc and injected statfs results: CPU % from /proc/stat deltas,
// memory from MemAvailable, disk free % computed like df, XID lines from the kernel log, and
// the configuration check naming every bad field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../agent/src/config.ts';
import { busyPercent, CpuSampler, parseProcStat } from '../../agent/src/sampling/cpu.ts';
import { diskFigures, readDisks } from '../../agent/src/sampling/disks.ts';
import { readMemory } from '../../agent/src/sampling/memory.ts';
import { createXidSource, normalizePciBusId, parseXidLines } from '../../agent/src/sampling/xid.ts';
import { kernelLogFixture, makeFakeHost, type FakeHost } from './fixtures.ts';

let host: FakeHost;
before(() => {
  host = makeFakeHost();
});
after(() => fs.rmSync(host.dir, { recursive: true, force: true }));

describe('cpu', () => {
  it('counts cores and busy time (idle + iowait are not busy, guest is not added twice)', () => {
    const { times, cores } = parseProcStat('cpu  100 0 100 700 100 0 0 0 50 0\ncpu0 1\ncpu1 1\ncpu2 1\n');
    assert.equal(cores, 3);
    assert.deepEqual(times, { total: 1000, idle: 800 });
  });

  it('percent comes from the delta between two readings', () => {
    assert.equal(busyPercent({ total: 1000, idle: 800 }, { total: 1400, idle: 900 }), 75);
    assert.equal(busyPercent({ total: 1000, idle: 800 }, { total: 1000, idle: 800 }), 0);
  });

  it('reads the fake /proc: first since boot, then since the previous sample', () => {
    const sampler = new CpuSampler(host.procRoot);
    const first = sampler.read();
    assert.equal(first.cores, 2);
    assert.equal(first.percent, 15); // (10000 + 5000) / 100000
    fs.writeFileSync(
      path.join(host.procRoot, 'stat'),
      'cpu  10900 0 5000 80100 5000 0 0 0 0 0\ncpu0 0\ncpu1 0\n', // +900 busy, +100 idle
    );
    assert.equal(sampler.read().percent, 90);
  });
});

describe('memory', () => {
  it('used % is total − MemAvailable; swap from SwapTotal − SwapFree', () => {
    assert.deepEqual(readMemory(host.procRoot), {
      total_bytes: 16 * 1024 ** 3,
      available_bytes: 4 * 1024 ** 3,
      used_percent: 75,
      swap_total_bytes: 2 * 1024 ** 3,
      swap_used_bytes: 512 * 1024 ** 2,
      swap_used_percent: 25,
    });
  });

  it('no swap: 0 %, not NaN', () => {
    const dir = path.join(host.dir, 'proc-noswap');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'meminfo'),
      'MemTotal: 1000 kB\nMemAvailable: 250 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n',
    );
    const m = readMemory(dir);
    assert.equal(m.swap_used_percent, 0);
    assert.equal(m.used_percent, 75);
  });
});

describe('disks', () => {
  it('free % like df: bavail / (used + bavail), the root reserve excluded', () => {
    // 1000 blocks, 150 free of which 100 available to users (50 reserved for root).
    const d = diskFigures('/data', { bsize: 4096, blocks: 1000, bfree: 150, bavail: 100 });
    assert.equal(d.free_percent, 10.53); // 100 / (850 + 100); 1 − bavail/blocks would say 10.0
    assert.equal(d.free_bytes, 100 * 4096);
    assert.equal(d.total_bytes, 950 * 4096);
  });

  it('statfs under an injectable root; unreadable paths reported, not fatal', async () => {
    const seen: string[] = [];
    const { disks, errors } = await readDisks(['/', '/gone'], '/fake-root', async (p) => {
      seen.push(p);
      if (p.endsWith('gone')) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      return { bsize: 1024, blocks: 200, bfree: 50, bavail: 50 };
    });
    assert.deepEqual(seen, ['/fake-root/', '/fake-root/gone']);
    assert.deepEqual(disks, [{ path: '/', total_bytes: 200 * 1024, free_bytes: 50 * 1024, free_percent: 25 }]);
    assert.deepEqual(errors, ['/gone: ENOENT']);
  });

  it('real statfs of a real folder gives consistent figures', async () => {
    const { disks } = await readDisks([host.dir], '/');
    assert.equal(disks.length, 1);
    const d = disks[0]!;
    assert.ok(d.total_bytes > 0 && d.free_bytes <= d.total_bytes);
    assert.ok(Math.abs(d.free_percent - (d.free_bytes / d.total_bytes) * 100) < 0.01);
  });
});

describe('XID errors', () => {
  it('parses the recorded kernel log: code, PCI id in nvidia-smi form, time, message', () => {
    const xids = parseXidLines(fs.readFileSync(kernelLogFixture, 'utf8'), new Date(0));
    assert.equal(xids.length, 2);
    assert.deepEqual(xids[0], {
      at: '2026-11-23T10:00:05.123Z',
      pci_bus_id: '00000000:01:00.0',
      code: 31,
      message: xids[0]!.message,
    });
    assert.match(xids[0]!.message, /^pid=48213, name=python3, Ch 00000010.*MMU Fault/);
    assert.equal(xids[1]!.code, 13);
    assert.equal(normalizePciBusId('0000:3b:00'), '00000000:3B:00.0');
  });

  it('a file source reports only lines appended since the previous read, each once', async () => {
    const log = path.join(host.dir, 'kern.log');
    fs.writeFileSync(log, 'old: NVRM: Xid (PCI:0000:01:00): 79, pid=1, GPU has fallen off the bus.\n');
    const source = createXidSource({ source: 'file', path: log }, () => 100);
    assert.deepEqual(await source.read(), []); // history before the agent started is not "recent"
    fs.appendFileSync(log, fs.readFileSync(kernelLogFixture));
    const first = await source.read();
    assert.deepEqual(
      first.map((x) => x.code),
      [31, 13],
    );
    assert.deepEqual(await source.read(), []);
    fs.appendFileSync(
      log,
      'Nov 23 10:01:00 gpu-01 kernel: NVRM: Xid (PCI:0000:02:00): 48, pid=9, DBE (double bit error)',
    );
    assert.deepEqual(await source.read(), []); // the line is not finished yet
    fs.appendFileSync(log, '\n');
    const later = await source.read();
    assert.equal(later.length, 1);
    assert.equal(later[0]!.pci_bus_id, '00000000:02:00.0');
    assert.equal(later[0]!.code, 48);
    source.close();
  });
});

describe('configuration', () => {
  it('names every bad field at once', () => {
    let error: unknown;
    try {
      parseConfig(
        {
          api_url: 'ftp://x',
          host: 'bad host',
          sample_interval_s: 0,
          services: [
            { name: 'a', kind: 'http' },
            { name: 'a', kind: 'systemd', unit: '-bad' },
            { name: 'c', kind: 'pigeon' },
            { name: 'd', kind: 'http', url: 'http://x', restart_command: 'sudo reboot' },
          ],
          cleanup_paths: [{ path: 'relative' }, { path: '/' }, { path: '/var/log/x', patterns: ['a/b'] }],
          reboot: { enabled: 'yes' },
          database_url: 'mysql://x',
          disks: ['relative'],
        },
        {},
      );
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(Object.keys(error.errors).sort(), [
      'CHRONOS_AGENT_API_KEY',
      'api_url',
      'cleanup_paths[0].path',
      'cleanup_paths[1].path',
      'cleanup_paths[2].patterns',
      'database_url',
      'disks',
      'host',
      'reboot.enabled',
      'sample_interval_s',
      'services[0].url',
      'services[1].name',
      'services[1].unit',
      'services[2].kind',
      'services[3].restart_command',
    ]);
  });

  it('defaults and env overrides; the API key comes from env or a file and is never echoed', () => {
    const keyFile = path.join(host.dir, 'key');
    fs.writeFileSync(keyFile, 'chr_from_file\n');
    const config = parseConfig(
      { api_url: 'http://admin:3000/', host: 'gpu-01' },
      { CHRONOS_AGENT_API_KEY_FILE: keyFile, CHRONOS_AGENT_HOST: 'gpu-02', CHRONOS_AGENT_DRY_RUN: 'true' },
    );
    assert.equal(config.api_key, 'chr_from_file');
    assert.equal(config.api_url, 'http://admin:3000');
    assert.equal(config.host, 'gpu-02');
    assert.equal(config.dry_run, true);
    assert.equal(config.sample_interval_s, 10);
    assert.equal(config.reboot.enabled, false);
    assert.equal(config.allow_gpu_reset, false);
    assert.deepEqual(config.reboot.command.slice(0, 3), ['shutdown', '-r', '+1']);
    assert.throws(
      () => parseConfig({ api_url: 'http://x' }, { CHRONOS_AGENT_API_KEY_FILE: '/nonexistent/key' }),
      (e: ConfigError) => e.errors.CHRONOS_AGENT_API_KEY_FILE === 'cannot be read (ENOENT)',
    );
  });
});
