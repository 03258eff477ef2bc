// Service down (SPEC 3.7): restart after service_failures failures within
// service_failure_window_s, then — still failing after the restart — stop + start. Each next
// step needs as many fresh failures since the previous action (the service had its chance to
// come back); the gate adds the cooldown between actions on one service and the limit of
// service_max_attempts per service_attempt_window_s, which bound a service that stays down or
// flaps for hours to a fixed, small number of actions.
import { ATTEMPT_ACTIONS, SERVICE_ACTIONS } from '../actions.ts';
import { detectionKey, type Detection, type RuleInput, type RuleOutput, type Want } from './types.ts';

export function serviceRules({ readings, failures, actions, now, policy }: RuleInput): RuleOutput {
  const latest = readings.at(-1);
  if (!latest) return { detections: [], wants: [] };
  const detections: Detection[] = [];
  const wants: Want[] = [];
  const windowStart = now - policy.service_failure_window_s * 1000;
  for (const service of latest.metrics.services) {
    if (service.status !== 'down') continue;
    const own = failures.filter((f) => f.service === service.name && f.at > windowStart);
    const critical = own.length >= policy.service_failures;
    const detection: Detection = {
      kind: 'service_down',
      metric: `service.${service.name}`,
      severity: critical ? 'critical' : 'warning',
      value: own.length,
      threshold: policy.service_failures,
      details: {
        service: service.name,
        service_kind: service.kind,
        detail: service.detail ?? null,
        failures_in_window: own.length,
        window_s: policy.service_failure_window_s,
      },
    };
    detections.push(detection);
    if (!critical) continue;

    const previous = actions.filter((a) => a.target === service.name && SERVICE_ACTIONS.has(a.action));
    const last = previous.reduce<number | undefined>((t, a) => Math.max(t ?? a.at, a.at), undefined);
    const fresh = last === undefined ? own.length : own.filter((f) => f.at > last).length;
    if (fresh < policy.service_failures) continue;
    const attemptStart = now - policy.service_attempt_window_s * 1000;
    const attempted = previous.some((a) => ATTEMPT_ACTIONS.has(a.action) && a.at > attemptStart);
    const params = { service: service.name };
    wants.push({
      steps: attempted
        ? [
            { action: 'STOP_SERVICE', target: service.name, params },
            { action: 'START_SERVICE', target: service.name, params },
          ]
        : [{ action: 'RESTART_SERVICE', target: service.name, params }],
      reason: `service ${service.name} down: ${own.length} failures in ${policy.service_failure_window_s} s${
        attempted ? ', still failing after a restart' : ''
      }`,
      detection: detectionKey(detection),
    });
  }
  return { detections, wants };
}
