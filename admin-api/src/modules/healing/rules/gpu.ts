// GPU rules: sustained utilisation, memory pressure, hang, XID errors and nvidia-smi failing.
// A host without GPUs sends no `gpus` and no `gpu_error`: every rule here then finds nothing.
// Unknown figures are null and never count as over (or under) a threshold.
import type { GpuReading } from '../../host-samples/schemas.ts';
import { cooldownSeconds } from '../policy-schema.ts';
import { heldFor, round1, spanMs, trailingRun } from './series.ts';
import { detectionKey, type Detection, type Reading, type RuleInput, type RuleOutput, type Want } from './types.ts';

export type GpuPoint = { at: number; gpu: GpuReading };

/** The readings of GPU `index`, oldest first (samples where nvidia-smi failed have none). */
export function gpuSeries(readings: readonly Reading[], index: number): GpuPoint[] {
  const points: GpuPoint[] = [];
  for (const r of readings) {
    const gpu = r.metrics.gpus?.find((g) => g.index === index);
    if (gpu) points.push({ at: r.at, gpu });
  }
  return points;
}

/** GPU indexes of the newest sample that reported GPUs. */
export function knownGpus(readings: readonly Reading[]): GpuReading[] {
  for (let i = readings.length - 1; i >= 0; i--) {
    const gpus = readings[i]!.metrics.gpus;
    if (gpus?.length) return gpus;
  }
  return [];
}

/** The GPU's readings, or [] unless it is in the newest sample (old figures must not keep a detection open). */
export function currentSeries(readings: readonly Reading[], index: number): GpuPoint[] {
  const series = gpuSeries(readings, index);
  return series.length && series.at(-1)!.at === readings.at(-1)?.at ? series : [];
}

export const memoryPercent = (g: GpuReading): number | null =>
  g.memory_used_percent ??
  (g.memory_used_mib !== null && g.memory_total_mib ? (100 * g.memory_used_mib) / g.memory_total_mib : null);

/** nvidia-smi that does not answer in time is a symptom of a hung GPU. */
export const TIMEOUT_ERROR = /tim(?:ed|e)[\s_-]?out/i;

/** XIDs that mean the GPU (not an application) is in trouble: ECC, fell off the bus, reset needed. */
const CRITICAL_XIDS = new Set([48, 63, 64, 74, 79, 92, 94, 95, 119, 120]);

function utilisation(input: RuleInput, gpu: GpuReading, series: GpuPoint[]): Detection[] {
  const { policy } = input;
  const run = trailingRun(
    series,
    (p) => p.gpu.utilization_percent !== null && p.gpu.utilization_percent > policy.gpu_utilization_percent,
  );
  if (run.length === 0 || spanMs(run) < policy.gpu_utilization_sustained_s * 1000) return [];
  return [
    {
      kind: 'gpu_overload',
      metric: `gpu.${gpu.index}.utilization_percent`,
      severity: 'warning',
      value: run.at(-1)!.gpu.utilization_percent,
      threshold: policy.gpu_utilization_percent,
      details: { gpu: gpu.index, uuid: gpu.uuid, name: gpu.name, sustained_s: spanMs(run) / 1000 },
    },
  ];
}

function memory(input: RuleInput, gpu: GpuReading, series: GpuPoint[]): Detection[] {
  const { policy } = input;
  const values = series.map((p) => memoryPercent(p.gpu));
  const over = (limit: number) => heldFor(values, policy.hold_samples, (v) => v !== null && v >= limit);
  const critical = over(policy.gpu_memory_critical_percent);
  if (!critical && !over(policy.gpu_memory_warning_percent)) return [];
  return [
    {
      kind: 'gpu_memory_pressure',
      metric: `gpu.${gpu.index}.memory_used_percent`,
      severity: critical ? 'critical' : 'warning',
      value: round1(values.at(-1)!),
      threshold: critical ? policy.gpu_memory_critical_percent : policy.gpu_memory_warning_percent,
      details: {
        gpu: gpu.index,
        uuid: gpu.uuid,
        memory_used_mib: gpu.memory_used_mib,
        memory_total_mib: gpu.memory_total_mib,
      },
    },
  ];
}

/**
 * A hang: utilisation ≥ gpu_hang_utilization_percent for gpu_hang_seconds (samples where
 * nvidia-smi timed out continue the run: the GPU did not answer), and corroborated — flat
 * power, an XID, or nvidia-smi timing out. Busy GPUs read 99 % too, with a moving power draw.
 */
function hang(input: RuleInput, gpu: GpuReading): { detections: Detection[]; wants: Want[] } {
  const { policy, readings, hostPolicy, actions, now } = input;
  const none = { detections: [], wants: [] };
  type Point = { at: number; gpu?: GpuReading; timeout: boolean; reading: Reading };
  const points: Point[] = readings.map((r) => ({
    at: r.at,
    gpu: r.metrics.gpus?.find((g) => g.index === gpu.index),
    timeout: !r.metrics.gpus?.length && TIMEOUT_ERROR.test(r.metrics.gpu_error ?? ''),
    reading: r,
  }));
  const run = trailingRun(
    points,
    (p) =>
      p.timeout ||
      (p.gpu?.utilization_percent !== null &&
        p.gpu?.utilization_percent !== undefined &&
        p.gpu.utilization_percent >= policy.gpu_hang_utilization_percent),
  );
  const busy = run.filter((p) => p.gpu);
  if (busy.length === 0 || spanMs(run) < policy.gpu_hang_seconds * 1000) return none;

  const evidence: string[] = [];
  const powers = busy.map((p) => p.gpu!.power_draw_w);
  const known = powers.filter((w): w is number => w !== null);
  const powerRange = known.length ? Math.max(...known) - Math.min(...known) : null;
  if (known.length >= 2 && known.length === powers.length && powerRange! <= policy.gpu_hang_flat_power_w)
    evidence.push('flat_power');
  const xids = run.flatMap((p) => p.reading.metrics.xid_errors ?? []);
  // The kernel log and nvidia-smi spell bus ids differently; the agent normalises, case may still differ.
  const sameDevice = (id: string | null) =>
    id === null || gpu.pci_bus_id === null || id.toUpperCase() === gpu.pci_bus_id.toUpperCase();
  if (xids.some((x) => sameDevice(x.pci_bus_id))) evidence.push('xid');
  if (run.some((p) => p.timeout)) evidence.push('nvidia_smi_timeout');
  if (evidence.length === 0) return none;

  const detection: Detection = {
    kind: 'gpu_hang',
    metric: `gpu.${gpu.index}.hang`,
    severity: 'critical',
    value: busy.at(-1)!.gpu!.utilization_percent,
    threshold: policy.gpu_hang_utilization_percent,
    details: {
      gpu: gpu.index,
      uuid: gpu.uuid,
      pci_bus_id: gpu.pci_bus_id,
      seconds: spanMs(run) / 1000,
      evidence,
      power_range_w: powerRange === null ? null : round1(powerRange),
    },
  };
  const key = detectionKey(detection);
  const service = hostPolicy.gpu_service;
  if (!service)
    return {
      detections: [detection],
      wants: [
        {
          steps: [{ action: 'RESTART_SERVICE', target: null, params: {} }],
          reason: `GPU ${gpu.index} hung`,
          detection: key,
          unavailable: { code: 'not_configured', detail: 'no gpu_service is configured for this host' },
        },
      ],
    };
  // Escalate to a reset only when the hang outlived a restart (it began after the restart was
  // queued, and the restart's cooldown has passed).
  const lastRestart = actions
    .filter((a) => a.action === 'RESTART_SERVICE' && a.target === service)
    .reduce<number | undefined>((latest, a) => Math.max(latest ?? a.at, a.at), undefined);
  const restartCooldownMs = cooldownSeconds(policy, 'RESTART_SERVICE') * 1000;
  const outlivedRestart =
    lastRestart !== undefined && run[0]!.at > lastRestart && now - lastRestart >= restartCooldownMs;
  const restart: Want = {
    steps: [{ action: 'RESTART_SERVICE', target: service, params: { service } }],
    reason: `GPU ${gpu.index} hung (${evidence.join(', ')})`,
    detection: key,
  };
  if (!outlivedRestart) return { detections: [detection], wants: [restart] };
  const reset: Want = {
    steps: [{ action: 'RESET_GPU', target: String(gpu.index), params: { gpu: gpu.index } }],
    reason: `GPU ${gpu.index} still hung after restarting ${service}`,
    detection: key,
    ...(hostPolicy.allow_gpu_reset
      ? {}
      : { unavailable: { code: 'not_allowed', detail: 'GPU reset is not allowed on this host (allow_gpu_reset)' } }),
  };
  // Without a reset, restarting again (after the cooldown) is all that is left.
  return { detections: [detection], wants: hostPolicy.allow_gpu_reset ? [reset] : [reset, restart] };
}

function xidErrors({ readings, now, policy }: RuleInput): Detection[] {
  const since = now - policy.xid_window_s * 1000;
  const seen = new Set<string>();
  const byDevice = new Map<string, Array<{ at: string; code: number; message: string }>>();
  for (const r of readings) {
    for (const x of r.metrics.xid_errors ?? []) {
      const at = Date.parse(x.at);
      const id = `${x.at}|${x.code}|${x.pci_bus_id}`;
      if (at <= since || seen.has(id)) continue;
      seen.add(id);
      const device = x.pci_bus_id ?? 'unknown';
      byDevice.set(device, [...(byDevice.get(device) ?? []), { at: x.at, code: x.code, message: x.message }]);
    }
  }
  return [...byDevice].map(([device, errors]) => {
    const last = errors.at(-1)!;
    return {
      kind: 'gpu_xid',
      metric: `gpu.${device}.xid`,
      severity: errors.some((e) => CRITICAL_XIDS.has(e.code)) ? 'critical' : 'warning',
      value: last.code,
      threshold: null,
      details: {
        pci_bus_id: device === 'unknown' ? null : device,
        codes: [...new Set(errors.map((e) => e.code))],
        count: errors.length,
        last_at: last.at,
        last_message: last.message,
      },
    };
  });
}

function nvidiaSmiError({ readings }: RuleInput): Detection[] {
  const message = readings.at(-1)?.metrics.gpu_error;
  if (!message) return [];
  return [
    {
      kind: 'gpu_error',
      metric: 'gpu.nvidia_smi',
      severity: 'warning',
      value: null,
      threshold: null,
      details: { message, timeout: TIMEOUT_ERROR.test(message) },
    },
  ];
}

export function gpuRules(input: RuleInput): RuleOutput {
  const detections: Detection[] = [...xidErrors(input), ...nvidiaSmiError(input)];
  const wants: Want[] = [];
  for (const gpu of knownGpus(input.readings)) {
    const series = currentSeries(input.readings, gpu.index);
    detections.push(...utilisation(input, gpu, series), ...memory(input, gpu, series));
    const hung = hang(input, gpu);
    detections.push(...hung.detections);
    wants.push(...hung.wants);
  }
  return { detections, wants };
}
