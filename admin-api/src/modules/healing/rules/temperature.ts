// GPU temperature (SPEC 3.7: > 83 °C throttle, > 85 °C restart the GPU service, > 90 °C stop
// it). Many cards target 83 °C under normal load, so readings are smoothed (moving average),
// a tier counts only when held for hold_samples samples, and limits can be set per device
// (by UUID or model name). Only the highest tier acts; the cooldowns keep each step to once.
import { temperatureLimitsFor } from '../policy-schema.ts';
import { currentSeries, knownGpus } from './gpu.ts';
import { heldFor, movingAverage, round1 } from './series.ts';
import { detectionKey, type Detection, type RuleInput, type RuleOutput, type Want } from './types.ts';

type Tier = 'throttle' | 'restart' | 'stop';

export function temperatureRules(input: RuleInput): RuleOutput {
  const { policy, readings, hostPolicy } = input;
  const detections: Detection[] = [];
  const wants: Want[] = [];
  for (const gpu of knownGpus(readings)) {
    const series = currentSeries(readings, gpu.index).filter((p) => p.gpu.temperature_c !== null);
    if (series.length === 0) continue;
    const smoothed = movingAverage(
      series.map((p) => p.gpu.temperature_c!),
      policy.gpu_temperature_smoothing_samples,
    );
    const limits = temperatureLimitsFor(policy, gpu);
    const held = (limit: number) => heldFor(smoothed, policy.hold_samples, (v) => v > limit);
    const tier: Tier | undefined = held(limits.stop_c)
      ? 'stop'
      : held(limits.restart_c)
        ? 'restart'
        : held(limits.throttle_c)
          ? 'throttle'
          : undefined;
    if (!tier) continue;
    const latest = series.at(-1)!.gpu;
    const value = round1(smoothed.at(-1)!);
    const threshold = tier === 'stop' ? limits.stop_c : tier === 'restart' ? limits.restart_c : limits.throttle_c;
    const detection: Detection = {
      kind: 'gpu_temperature',
      metric: `gpu.${gpu.index}.temperature_c`,
      severity: tier === 'throttle' ? 'warning' : 'critical',
      value,
      threshold,
      details: {
        gpu: gpu.index,
        uuid: gpu.uuid,
        name: gpu.name,
        tier,
        reading_c: latest.temperature_c,
        limits,
        throttle_reasons: latest.throttle_reasons,
      },
    };
    detections.push(detection);
    const reason = `GPU ${gpu.index} at ${value} °C (smoothed) over ${threshold} °C`;
    const key = detectionKey(detection);
    if (tier === 'throttle') {
      wants.push(throttle(input, gpu.index, latest.power_limit_w, reason, key));
      continue;
    }
    const service = hostPolicy.gpu_service;
    const action = tier === 'stop' ? 'STOP_SERVICE' : 'RESTART_SERVICE';
    wants.push({
      steps: [{ action, target: service, params: service ? { service } : {} }],
      reason,
      detection: key,
      // Stopping an overheating GPU's work must not wait for the cooldown of a restart.
      ...(tier === 'stop' ? { urgent: true } : {}),
      ...(service
        ? {}
        : { unavailable: { code: 'not_configured', detail: 'no gpu_service is configured for this host' } }),
    });
  }
  return { detections, wants };
}

function throttle(input: RuleInput, gpu: number, currentLimit: number | null, reason: string, detection: string): Want {
  const { policy } = input;
  const floor = policy.gpu_throttle_min_power_w;
  const target =
    currentLimit === null ? null : Math.max(floor, Math.floor(currentLimit * policy.gpu_throttle_power_ratio));
  const unavailable =
    currentLimit === null
      ? { code: 'not_possible', detail: 'the GPU reports no power limit' }
      : currentLimit <= floor
        ? { code: 'not_possible', detail: `the power limit is already at the floor (${floor} W)` }
        : undefined;
  return {
    steps: [
      {
        action: 'THROTTLE_GPU',
        target: String(gpu),
        params: target === null ? { gpu } : { gpu, power_limit_w: target },
      },
    ],
    reason,
    detection,
    ...(unavailable ? { unavailable } : {}),
  };
}
