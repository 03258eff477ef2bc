// What the health rules read and produce. Rules are pure functions of these values — no
// clock, no database — so every scenario (an overheating ramp, a service flapping for hours)
// is a plain function call in a unit test, and the evaluator only loads and stores.
import type { SampleMetrics } from '../../host-samples/schemas.ts';
import type { HealingActionName } from '../actions.ts';
import type { HealingPolicy, HostPolicy } from '../policy-schema.ts';

export type Severity = 'info' | 'warning' | 'critical';

/** One sample: when it was taken (ms since the epoch) and what it said. */
export type Reading = { at: number; metrics: SampleMetrics };

/**
 * A healing action queued earlier for this host (skipped ones and dry runs are not passed in);
 * status pending/running = not finished yet. Without a status it counts as finished.
 */
export type PastAction = { action: string; target: string | null; at: number; status?: string };

export type RuleInput = {
  host: string;
  /** Evaluation time, ms since the epoch. */
  now: number;
  /** The host's recent samples, oldest first. */
  readings: Reading[];
  /** Recent failures of the host's services (service_failures), oldest first. */
  failures: Array<{ service: string; at: number }>;
  /** The host's recent healing actions that were queued (not skipped, not dry runs). */
  actions: PastAction[];
  policy: HealingPolicy;
  hostPolicy: HostPolicy;
};

/**
 * A condition found. (kind, metric) identifies it: metric names the subject (service.n8n,
 * gpu.0.temperature_c, disk./var), so each GPU, disk and service has its own detection.
 */
export type Detection = {
  kind: string;
  metric: string | null;
  severity: Severity;
  value: number | null;
  threshold: number | null;
  details: Record<string, unknown>;
};

/** One command of a wanted action; params without `host` (the evaluator adds it). */
export type Step = { action: HealingActionName; target: string | null; params: Record<string, unknown> };

/**
 * An action a rule wants, as one unit: a restart is one step, "stop + start" two (they are
 * queued together or not at all — a stop without its start would leave the service down).
 */
export type Want = {
  steps: Step[];
  /** Why, in words (stored as healing_actions.reason). */
  reason: string;
  /** The detection it answers (its key). */
  detection: string;
  /** An emergency (stopping an overheating GPU's service) waits only for its own cooldown, not the service's. */
  urgent?: boolean;
  /** Set when the rule already knows it cannot be done (not configured, not allowed, …). */
  unavailable?: { code: string; detail: string };
};

export type RuleOutput = { detections: Detection[]; wants: Want[] };

export const detectionKey = (d: { kind: string; metric: string | null }) => `${d.kind}|${d.metric ?? ''}`;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
