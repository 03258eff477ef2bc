// Builders of agent samples (the POST /api/v1/health/samples contract) for the health rule
// unit tests and the healing integration tests: a healthy host by default, with overrides for
// the figures a scenario changes, and the GPU readings a recorded nvidia-smi would give.
import type { GpuReading, SampleInput, SampleMetrics } from '../../admin-api/src/modules/host-samples/schemas.ts';
import type { Reading } from '../../admin-api/src/modules/healing/rules/types.ts';

export const GIB = 1024 ** 3;

export function gpu(over: Partial<GpuReading> = {}): GpuReading {
  return {
    index: 0,
    uuid: 'GPU-5f2c1c1e-aaaa-bbbb-cccc-000000000000',
    name: 'NVIDIA A100-SXM4-40GB',
    pci_bus_id: '00000000:01:00.0',
    utilization_percent: 40,
    memory_used_mib: 8_000,
    memory_total_mib: 40_000,
    memory_used_percent: 20,
    temperature_c: 60,
    power_draw_w: 180,
    power_limit_w: 300,
    clocks_sm_mhz: 1410,
    throttle_reasons: [],
    ...over,
  };
}

export type MetricsOverride = Partial<Omit<SampleMetrics, 'cpu' | 'memory'>> & {
  cpu?: Partial<SampleMetrics['cpu']>;
  memory?: Partial<SampleMetrics['memory']>;
};

export function metrics(over: MetricsOverride = {}): SampleMetrics {
  const { cpu, memory, ...rest } = over;
  return {
    agent_version: '0.1.0',
    boot_id: '6b1f0e0e-1111-2222-3333-444444444444',
    uptime_s: 86_400,
    cpu: { percent: 12.5, cores: 8, load1: 0.4, load5: 0.3, load15: 0.2, ...cpu },
    memory: {
      total_bytes: 64 * GIB,
      available_bytes: 40 * GIB,
      used_percent: 37.5,
      swap_total_bytes: 8 * GIB,
      swap_used_bytes: 0,
      swap_used_percent: 0,
      ...memory,
    },
    disks: [{ path: '/', total_bytes: 500 * GIB, free_bytes: 300 * GIB, free_percent: 60 }],
    services: [{ name: 'n8n', kind: 'http', status: 'up', latency_ms: 12 }],
    ...rest,
  };
}

/** A full sample body for host at time `at` (ms since the epoch). */
export function sample(host: string, at: number, over: MetricsOverride = {}): SampleInput {
  return { host, taken_at: new Date(at).toISOString(), ...metrics(over) } as SampleInput;
}

export const reading = (at: number, over: MetricsOverride = {}): Reading => ({ at, metrics: metrics(over) });

/** A disk with `freePercent` free. */
export function disk(path: string, freePercent: number) {
  const total = 500 * GIB;
  return { path, total_bytes: total, free_bytes: Math.round((total * freePercent) / 100), free_percent: freePercent };
}
