// Turns a claimed HEALING command into one of the agent's own typed actions, checked against
// the agent's configuration — admin-api's whitelist checks types, the agent checks *targets*:
// only its configured services and cleanup paths, only GPUs it has, only its own host. Nothing
// from the command's data is ever used as a program name or a shell string.
import type { AgentConfig, CleanupPath, ServiceConfig } from '../config.ts';

export type HealingAction =
  | { kind: 'RESTART_SERVICE' | 'STOP_SERVICE' | 'START_SERVICE'; service: ServiceConfig; dryRun: boolean }
  | { kind: 'CLEAN_DISK'; cleanup: CleanupPath; olderThanDays: number; dryRun: boolean }
  | { kind: 'VACUUM_ANALYZE'; dryRun: boolean }
  | { kind: 'THROTTLE_GPU'; gpu: number; powerLimitW: number; dryRun: boolean }
  | { kind: 'RESET_GPU'; gpu: number; dryRun: boolean }
  | { kind: 'REBOOT'; dryRun: boolean };

export const ACTIONS = [
  'RESTART_SERVICE',
  'STOP_SERVICE',
  'START_SERVICE',
  'CLEAN_DISK',
  'VACUUM_ANALYZE',
  'THROTTLE_GPU',
  'RESET_GPU',
  'REBOOT',
] as const;

const ALLOWED_PARAMS: Record<(typeof ACTIONS)[number], string[]> = {
  RESTART_SERVICE: ['service'],
  STOP_SERVICE: ['service'],
  START_SERVICE: ['service'],
  CLEAN_DISK: ['path', 'older_than_days'],
  VACUUM_ANALYZE: [],
  THROTTLE_GPU: ['gpu', 'power_limit_w'],
  RESET_GPU: ['gpu'],
  REBOOT: [],
};

/** What the agent knows about its GPUs from the latest sample. */
export type GpuKnowledge = { absent: boolean; indexes: number[] | null };

export class Refusal extends Error {}

function gpuIndex(value: unknown, gpus: GpuKnowledge): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 63)
    throw new Refusal('params.gpu must be a GPU index (a whole number 0–63)');
  if (gpus.absent) throw new Refusal('no GPU on this host (nvidia-smi not found)');
  if (gpus.indexes && !gpus.indexes.includes(value))
    throw new Refusal(`GPU ${value} is not present on this host (GPUs: ${gpus.indexes.join(', ') || 'none'})`);
  return value;
}

export function parseAction(
  action: string,
  params: Record<string, unknown>,
  config: AgentConfig,
  gpus: GpuKnowledge,
): HealingAction {
  const kind = ACTIONS.find((a) => a === action);
  if (!kind) throw new Refusal(`action ${action} is not one this agent performs (${ACTIONS.join(', ')})`);
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new Refusal('params must be an object');
  if (params.host !== config.host)
    throw new Refusal(`params.host ${JSON.stringify(params.host)} is not this agent's host ${config.host}`);
  const allowed = new Set(['host', 'dry_run', ...ALLOWED_PARAMS[kind]]);
  const unknown = Object.keys(params).filter((k) => !allowed.has(k));
  if (unknown.length) throw new Refusal(`unknown params for ${kind}: ${unknown.join(', ')}`);
  if (params.dry_run !== undefined && typeof params.dry_run !== 'boolean')
    throw new Refusal('params.dry_run must be true or false');
  const dryRun = config.dry_run || params.dry_run === true;

  switch (kind) {
    case 'RESTART_SERVICE':
    case 'STOP_SERVICE':
    case 'START_SERVICE': {
      const service = config.services.find((s) => s.name === params.service);
      if (!service)
        throw new Refusal(
          `params.service ${JSON.stringify(params.service)} is not a configured service (${config.services.map((s) => s.name).join(', ') || 'none'})`,
        );
      return { kind, service, dryRun };
    }
    case 'CLEAN_DISK': {
      const cleanup = config.cleanup_paths.find(
        (c) => typeof params.path === 'string' && (c.path === params.path.replace(/\/+$/, '') || c.id === params.path),
      );
      if (!cleanup)
        throw new Refusal(
          `params.path ${JSON.stringify(params.path)} is not a configured cleanup path (${config.cleanup_paths.map((c) => c.path).join(', ') || 'none'})`,
        );
      const days = params.older_than_days ?? cleanup.older_than_days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)
        throw new Refusal('params.older_than_days must be a whole number of days between 1 and 3650');
      return { kind, cleanup, olderThanDays: days, dryRun };
    }
    case 'VACUUM_ANALYZE':
      if (!config.database_url) throw new Refusal('database_url is not configured on this agent');
      return { kind, dryRun };
    case 'THROTTLE_GPU': {
      const gpu = gpuIndex(params.gpu, gpus);
      const watts = params.power_limit_w;
      if (typeof watts !== 'number' || !Number.isFinite(watts) || watts < 1 || watts > 2000)
        throw new Refusal('params.power_limit_w must be a number of watts between 1 and 2000');
      return { kind, gpu, powerLimitW: watts, dryRun };
    }
    case 'RESET_GPU': {
      if (!config.allow_gpu_reset) throw new Refusal('GPU reset is not allowed by the agent config (allow_gpu_reset)');
      return { kind, gpu: gpuIndex(params.gpu, gpus), dryRun };
    }
    case 'REBOOT':
      return { kind, dryRun };
  }
}
