// CPU and RAM overload (SPEC 3.7: > 90 %): a detection and an alert when the value stays over
// the threshold for hold_samples consecutive samples. No action: what to shed is a decision
// for people or a workflow, not for a rule.
import { heldFor, round1 } from './series.ts';
import type { Detection, RuleInput, RuleOutput } from './types.ts';

export function systemRules({ readings, policy }: RuleInput): RuleOutput {
  const detections: Detection[] = [];
  const n = policy.hold_samples;
  const latest = readings.at(-1);
  if (!latest) return { detections, wants: [] };

  const cpu = readings.map((r) => r.metrics.cpu.percent);
  if (heldFor(cpu, n, (v) => v > policy.cpu_percent))
    detections.push({
      kind: 'cpu_overload',
      metric: 'cpu.percent',
      severity: 'warning',
      value: round1(cpu.at(-1)!),
      threshold: policy.cpu_percent,
      details: { held_samples: n, load1: latest.metrics.cpu.load1, cores: latest.metrics.cpu.cores },
    });

  const memory = readings.map((r) => r.metrics.memory.used_percent);
  if (heldFor(memory, n, (v) => v > policy.memory_percent))
    detections.push({
      kind: 'memory_overload',
      metric: 'memory.used_percent',
      severity: 'warning',
      value: round1(memory.at(-1)!),
      threshold: policy.memory_percent,
      details: {
        held_samples: n,
        available_bytes: latest.metrics.memory.available_bytes,
        swap_used_percent: latest.metrics.memory.swap_used_percent,
      },
    });
  return { detections, wants: [] };
}
