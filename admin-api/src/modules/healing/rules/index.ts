// All health rules over one host's recent history: detections and wanted actions.
import { diskRules } from './disk.ts';
import { gpuRules } from './gpu.ts';
import { serviceRules } from './services.ts';
import { systemRules } from './system.ts';
import { temperatureRules } from './temperature.ts';
import type { RuleInput, RuleOutput, Want } from './types.ts';

const RULES = [systemRules, gpuRules, temperatureRules, diskRules, serviceRules];

const stepsKey = (w: Want) => w.steps.map((s) => `${s.action}:${s.target ?? ''}`).join('+');

export function runRules(input: RuleInput): RuleOutput {
  const detections = [];
  const wants: Want[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const out = rule(input);
    detections.push(...out.detections);
    // Two rules wanting the same thing (a hang and the heat both restart the GPU service)
    // make one action, credited to the first.
    for (const want of out.wants) {
      const key = stepsKey(want);
      if (seen.has(key)) continue;
      seen.add(key);
      wants.push(want);
    }
  }
  // Emergencies first, so a rate limit never spends the last slot on something less pressing.
  wants.sort((a, b) => Number(Boolean(b.urgent)) - Number(Boolean(a.urgent)));
  return { detections, wants };
}
