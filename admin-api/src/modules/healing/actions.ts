// The HEALING actions (whitelisted in migrations/0020, executed by the Chronos agent) and the
// facts about them the evaluator and the gate share.
export const HEALING_SYSTEM = 'HEALING';

export const HEALING_ACTIONS = [
  'RESTART_SERVICE',
  'STOP_SERVICE',
  'START_SERVICE',
  'CLEAN_DISK',
  'VACUUM_ANALYZE',
  'THROTTLE_GPU',
  'RESET_GPU',
  'REBOOT',
] as const;
export type HealingActionName = (typeof HEALING_ACTIONS)[number];

export const SERVICE_ACTIONS: ReadonlySet<string> = new Set(['RESTART_SERVICE', 'STOP_SERVICE', 'START_SERVICE']);

/** What counts as one attempt to fix a service: a restart, or a stop (+ start). */
export const ATTEMPT_ACTIONS: ReadonlySet<string> = new Set(['RESTART_SERVICE', 'STOP_SERVICE']);

/** The param that names an action's target (what its cooldown is kept per). */
const TARGET_PARAM: Record<HealingActionName, string | null> = {
  RESTART_SERVICE: 'service',
  STOP_SERVICE: 'service',
  START_SERVICE: 'service',
  CLEAN_DISK: 'path',
  VACUUM_ANALYZE: null,
  THROTTLE_GPU: 'gpu',
  RESET_GPU: 'gpu',
  REBOOT: null,
};

export function targetOf(action: HealingActionName, params: Record<string, unknown>): string | null {
  const name = TARGET_PARAM[action];
  const value = name ? params[name] : undefined;
  return value === undefined || value === null ? null : String(value);
}

/**
 * Actions on one service share one cooldown, whatever their kind: a restart followed a minute
 * later by a stop is exactly the storm the cooldown is there to prevent. Other actions cool
 * down per action and target (GPU index, cleanup path).
 */
export function cooldownKey(action: string, target: string | null): string {
  return SERVICE_ACTIONS.has(action) ? `service:${target ?? ''}` : `${action}:${target ?? ''}`;
}

/** Command timeouts: a service restart is quick, cleaning and VACUUM can take long. */
export const TIMEOUT_SECONDS: Record<HealingActionName, number> = {
  RESTART_SERVICE: 300,
  STOP_SERVICE: 300,
  START_SERVICE: 300,
  CLEAN_DISK: 1800,
  VACUUM_ANALYZE: 3600,
  THROTTLE_GPU: 120,
  RESET_GPU: 300,
  REBOOT: 600,
};

/**
 * How often the queue may hand an action out again after it went back unrun — an agent
 * releasing it on shutdown (fail with retry), or a claim that timed out: once. Never for the
 * actions that disrupt the whole host: a second reboot or reset must be a new decision.
 * Repeating an action that ran and failed is the evaluator's decision, under its cooldowns.
 */
export const MAX_RETRIES: Record<HealingActionName, number> = {
  RESTART_SERVICE: 1,
  STOP_SERVICE: 1,
  START_SERVICE: 1,
  CLEAN_DISK: 1,
  VACUUM_ANALYZE: 1,
  THROTTLE_GPU: 1,
  RESET_GPU: 0,
  REBOOT: 0,
};
