// Shared set-up of the agent tests: the fake tools (nvidia-smi, systemctl, docker) first on
// PATH with their state in a temp folder, a fake /proc tree, and configs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AgentConfig } from '../../agent/src/config.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fakeNvidiaSmiDir = path.join(repoRoot, 'tests/fakes/nvidia-smi');
export const fakeServicesDir = path.join(repoRoot, 'tests/fakes/services');
export const kernelLogFixture = path.join(repoRoot, 'tests/fakes/kernel-log/xid.log');
export const agentMain = path.join(repoRoot, 'agent/src/main.ts');

export type FakeHost = {
  dir: string;
  procRoot: string;
  servicesState: string;
  servicesLog: string;
  smiLog: string;
  smiState: string;
  env: Record<string, string>;
  /** Lines appended to the fake systemctl/docker log so far. */
  serviceCalls(): string[];
  smiCalls(): string[];
  setUnit(unit: string, state: 'active' | 'inactive' | 'failed' | 'broken'): void;
  setContainer(name: string, state: string): void;
  setBootId(id: string): void;
};

export const PROC_STAT = `cpu  10000 0 5000 80000 5000 0 0 0 0 0
cpu0 5000 0 2500 40000 2500 0 0 0 0 0
cpu1 5000 0 2500 40000 2500 0 0 0 0 0
intr 1 2 3
`;

// 16 GiB, 4 GiB available (75 % used); 2 GiB swap with 512 MiB used.
export const MEMINFO = `MemTotal:       16777216 kB
MemFree:         1048576 kB
MemAvailable:    4194304 kB
Buffers:          204800 kB
Cached:          2097152 kB
SwapCached:            0 kB
SwapTotal:       2097152 kB
SwapFree:        1572864 kB
`;

export function makeFakeHost(scenario = 'normal'): FakeHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-agent-test-'));
  const procRoot = path.join(dir, 'proc');
  fs.mkdirSync(path.join(procRoot, 'sys/kernel/random'), { recursive: true });
  fs.writeFileSync(path.join(procRoot, 'stat'), PROC_STAT);
  fs.writeFileSync(path.join(procRoot, 'meminfo'), MEMINFO);
  fs.writeFileSync(path.join(procRoot, 'uptime'), '12345.67 23456.78\n');
  fs.writeFileSync(path.join(procRoot, 'sys/kernel/random/boot_id'), 'b0000000-0000-4000-8000-000000000001\n');
  const servicesState = path.join(dir, 'services');
  fs.mkdirSync(servicesState);
  const servicesLog = path.join(dir, 'services.log');
  const smiLog = path.join(dir, 'nvidia-smi.log');
  const smiState = path.join(dir, 'nvidia-smi.step');
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const env = {
    PATH: `${fakeNvidiaSmiDir}:${fakeServicesDir}:${process.env.PATH ?? ''}`,
    FAKE_NVIDIA_SMI_SCENARIO: scenario,
    FAKE_NVIDIA_SMI_STATE: smiState,
    FAKE_NVIDIA_SMI_LOG: smiLog,
    FAKE_SERVICES_STATE: servicesState,
    FAKE_SERVICES_LOG: servicesLog,
  };
  return {
    dir,
    procRoot,
    servicesState,
    servicesLog,
    smiLog,
    smiState,
    env,
    serviceCalls: () => read(servicesLog),
    smiCalls: () => read(smiLog),
    setUnit: (unit, s) => fs.writeFileSync(path.join(servicesState, unit), `${s}\n`),
    setContainer: (name, s) => fs.writeFileSync(path.join(servicesState, `container-${name}`), `${s}\n`),
    setBootId: (id) => fs.writeFileSync(path.join(procRoot, 'sys/kernel/random/boot_id'), `${id}\n`),
  };
}

/** Makes the fakes visible to in-process code (each test file runs in its own process). */
export function useFakeHostEnv(host: FakeHost): void {
  Object.assign(process.env, host.env);
}

export function testConfig(host: FakeHost, overrides: Record<string, unknown> = {}): AgentConfig {
  return parseConfig(
    {
      api_url: 'http://127.0.0.1:9',
      host: 'gpu-01',
      proc_root: host.procRoot,
      state_file: path.join(host.dir, 'state.json'),
      disks: ['/'],
      kernel_log: { source: 'none' },
      services: [
        { name: 'nginx', kind: 'systemd', unit: 'nginx.service' },
        { name: 'ollama', kind: 'container', container: 'ollama' },
      ],
      ...overrides,
    },
    { CHRONOS_AGENT_API_KEY: 'chr_test_key_not_secret' },
  );
}
