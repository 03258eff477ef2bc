// The `healing` setting (category health): thresholds, windows, cooldowns and limits of the
// health rules, and what each host allows. Defaults are SPEC 3.7's numbers, so an instance
// that never saved the setting heals by the SPEC; everything is changeable through
// /api/v1/settings/healing without a restart (read on every evaluation).
import { z } from '../../openapi/zod.ts';
import { HEALING_ACTIONS } from './actions.ts';

const blankToNull = (v: unknown) => (v === '' ? null : v);
const number = (min: number, max: number) =>
  z.number('must be a number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const int = (min: number, max: number) => number(min, max).int('must be a whole number');
const flag = (fallback: boolean) => z.boolean('must be true or false').default(fallback);
const celsius = number(0, 200);

/** Per GPU (by UUID) or per model (by name): many cards target 83 °C under normal load. */
const temperatureLimits = z.object({
  throttle_c: celsius.optional(),
  restart_c: celsius.optional(),
  stop_c: celsius.optional(),
});

/** What a host allows and where its things are. Service names and paths must also be in the agent's configuration. */
export const hostPolicySchema = z.object({
  // The service that runs GPU work (restarted on a hang or overheating, stopped above stop_c).
  gpu_service: z
    .preprocess(blankToNull, z.string('must be a service name').trim().min(1).max(200).nullable())
    .default(null),
  // Cleaned (files older than cleanup_older_than_days) when a disk is critically full.
  cleanup_paths: z
    .array(z.string('must be a path').trim().min(1, 'must not be empty').max(4096), 'must be a list of paths')
    .max(50)
    .default([]),
  cleanup_older_than_days: int(1, 3650).default(7),
  // VACUUM ANALYZE when a disk is critically full (the agent needs a database URL for it).
  vacuum_analyze: flag(true),
  // nvidia-smi -r needs root and an idle GPU, and is not recommended in production.
  allow_gpu_reset: flag(false),
  reboot_enabled: flag(false),
});

/** A host's overrides of host_defaults: only what differs. */
const hostOverrideSchema = z.object({
  gpu_service: z.preprocess(blankToNull, z.string().trim().min(1).max(200).nullable()).optional(),
  cleanup_paths: z.array(z.string().trim().min(1).max(4096)).max(50).optional(),
  cleanup_older_than_days: int(1, 3650).optional(),
  vacuum_analyze: z.boolean('must be true or false').optional(),
  allow_gpu_reset: z.boolean('must be true or false').optional(),
  reboot_enabled: z.boolean('must be true or false').optional(),
});

const hostKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$/, 'must be a host name');

export const healingPolicySchema = z
  .object({
    // false: detections only; wanted actions are recorded as skipped (disabled).
    enabled: flag(true),
    // true: every evaluation decides but queues nothing (recorded as skipped, dry_run).
    dry_run: flag(false),
    // "Held": a value must be over its threshold in this many consecutive samples.
    hold_samples: int(1, 100).default(3),
    cpu_percent: number(1, 100).default(90),
    memory_percent: number(1, 100).default(90),
    gpu_utilization_percent: number(1, 100).default(95),
    gpu_utilization_sustained_s: int(1, 86_400).default(300),
    gpu_memory_warning_percent: number(1, 100).default(90),
    gpu_memory_critical_percent: number(1, 100).default(95),
    // Hang: utilisation ≥ this for gpu_hang_seconds, corroborated by a power draw that moves
    // less than gpu_hang_flat_power_w, an XID, or nvidia-smi timing out (utilisation alone is
    // not a hang: a one-core kernel reads 100 %).
    gpu_hang_utilization_percent: number(1, 100).default(99),
    gpu_hang_seconds: int(1, 3600).default(30),
    gpu_hang_flat_power_w: number(0, 1000).default(2),
    gpu_temperature_throttle_c: celsius.default(83),
    gpu_temperature_restart_c: celsius.default(85),
    gpu_temperature_stop_c: celsius.default(90),
    // Moving average over this many readings before comparing (one hot reading is noise).
    gpu_temperature_smoothing_samples: int(1, 100).default(3),
    gpu_devices: z.record(z.string().min(1).max(200), temperatureLimits).default({}),
    // THROTTLE_GPU sets the power limit to this share of the current one, never below the floor.
    gpu_throttle_power_ratio: number(0.1, 1).default(0.8),
    gpu_throttle_min_power_w: number(1, 5000).default(100),
    disk_warning_free_percent: number(0, 100).default(20),
    disk_critical_free_percent: number(0, 100).default(5),
    // Service down: restart after this many failures within the window, then stop + start.
    service_failures: int(1, 1000).default(3),
    service_failure_window_s: int(1, 86_400).default(600),
    // At most this many attempts (restart or stop+start) per service within the attempt window.
    service_max_attempts: int(1, 100).default(2),
    service_attempt_window_s: int(60, 86_400).default(3600),
    // An XID error keeps its detection open this long.
    xid_window_s: int(1, 86_400).default(600),
    // Cooldown between two actions on one target (a service, a GPU, a path); per action overrides.
    cooldown_s: int(0, 86_400).default(600),
    action_cooldowns_s: z
      .partialRecord(z.enum(HEALING_ACTIONS, 'must be a HEALING action'), int(0, 86_400))
      .default({ CLEAN_DISK: 3600, VACUUM_ANALYZE: 3600, RESET_GPU: 1800, REBOOT: 1800 }),
    // Rate limits over the last hour (commands queued), per host and for all hosts together.
    max_actions_per_host_per_hour: int(1, 10_000).default(10),
    max_actions_per_hour: int(1, 100_000).default(30),
    host_defaults: hostPolicySchema.prefault({}),
    hosts: z.record(hostKey, hostOverrideSchema).default({}),
  })
  .superRefine((p, ctx) => {
    const order = (path: string, low: number, high: number, message: string) => {
      if (low > high) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    order(
      'gpu_memory_critical_percent',
      p.gpu_memory_warning_percent,
      p.gpu_memory_critical_percent,
      'must not be below gpu_memory_warning_percent',
    );
    order(
      'disk_critical_free_percent',
      p.disk_critical_free_percent,
      p.disk_warning_free_percent,
      'must not be above disk_warning_free_percent',
    );
    order(
      'gpu_temperature_restart_c',
      p.gpu_temperature_throttle_c,
      p.gpu_temperature_restart_c,
      'must not be below gpu_temperature_throttle_c',
    );
    order(
      'gpu_temperature_stop_c',
      p.gpu_temperature_restart_c,
      p.gpu_temperature_stop_c,
      'must not be below gpu_temperature_restart_c',
    );
  });

export type HealingPolicy = z.infer<typeof healingPolicySchema>;
export type HostPolicy = z.infer<typeof hostPolicySchema>;

/** The defaults, with a host's overrides on top. */
export function policyForHost(policy: HealingPolicy, host: string): HostPolicy {
  const override = Object.hasOwn(policy.hosts, host) ? policy.hosts[host] : undefined;
  const merged: Record<string, unknown> = { ...policy.host_defaults };
  for (const [name, value] of Object.entries(override ?? {})) if (value !== undefined) merged[name] = value;
  return merged as HostPolicy;
}

export type TemperatureLimits = { throttle_c: number; restart_c: number; stop_c: number };

/** Limits of one GPU: by its UUID, else by its model name, else the policy's. */
export function temperatureLimitsFor(
  policy: HealingPolicy,
  gpu: { uuid: string | null; name: string | null },
): TemperatureLimits {
  const device =
    (gpu.uuid && Object.hasOwn(policy.gpu_devices, gpu.uuid) ? policy.gpu_devices[gpu.uuid] : undefined) ??
    (gpu.name && Object.hasOwn(policy.gpu_devices, gpu.name) ? policy.gpu_devices[gpu.name] : undefined);
  return {
    throttle_c: device?.throttle_c ?? policy.gpu_temperature_throttle_c,
    restart_c: device?.restart_c ?? policy.gpu_temperature_restart_c,
    stop_c: device?.stop_c ?? policy.gpu_temperature_stop_c,
  };
}

export function cooldownSeconds(policy: HealingPolicy, action: string): number {
  const overrides = policy.action_cooldowns_s as Record<string, number | undefined>;
  return (Object.hasOwn(overrides, action) ? overrides[action] : undefined) ?? policy.cooldown_s;
}
