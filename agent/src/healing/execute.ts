// Runs one validated healing action: a fixed program with an argv built from the agent's own
// configuration (never a shell, never a program named by the command), with a timeout and
// bounded output. Dry run (global or per command) reports the exact argv it would run.
// A refusal or a failure throws ActionFailed; its message is what admin-api records.
import { describeEnd, run } from '../exec.ts';
import { redact } from '../log.ts';
import { cleanDisk, CleanRefused, describeClean } from './clean-disk.ts';
import type { HealingAction } from './params.ts';
import type { RebootCheck } from '../api.ts';
import type { AgentConfig, ServiceConfig } from '../config.ts';
import type { StateFile } from '../state.ts';

export type ActionResult = { output: string; dry_run: boolean; duration_ms: number };

export class ActionFailed extends Error {}

export const MAX_REBOOTS_PER_HOUR = 2;
const HOUR_MS = 3_600_000;

export type ExecutorDeps = {
  config: AgentConfig;
  state: StateFile;
  rebootCheck: () => Promise<RebootCheck>;
};

type Verb = 'restart' | 'stop' | 'start';

function serviceArgv(service: ServiceConfig, verb: Verb, config: AgentConfig): string[] {
  switch (service.kind) {
    case 'systemd':
      return [config.systemctl_path, verb, service.unit];
    case 'container':
      return [service.runtime, verb, service.container];
    case 'http':
      if (verb === 'restart' && service.restart_command) return service.restart_command;
      throw new ActionFailed(
        `no way to ${verb} ${service.name}: an http service can only be restarted, with restart_command in the agent config`,
      );
  }
}

/** psql with the password in PGPASSWORD (not on argv, where `ps` would show it). */
function vacuumArgv(config: AgentConfig): { argv: string[]; env: NodeJS.ProcessEnv } {
  const url = new URL(config.database_url!);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    argv: [config.psql_path, '-X', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-c', 'VACUUM ANALYZE'],
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: '10' },
  };
}

export class Executor {
  private readonly deps: ExecutorDeps;
  constructor(deps: ExecutorDeps) {
    this.deps = deps;
  }

  private async runArgv(argv: string[], env?: NodeJS.ProcessEnv): Promise<string> {
    const { config } = this.deps;
    const timeoutMs = Math.round(config.action_timeout_s * 1000);
    const result = await run(argv[0]!, argv.slice(1), { timeoutMs, maxBytes: config.output_max_bytes, env });
    const output = redact(
      [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n') + (result.truncated ? '\n…' : ''),
    ).slice(0, config.output_max_bytes);
    if (result.exitCode !== 0)
      throw new ActionFailed(
        `${show(argv)} ${describeEnd(result, timeoutMs)}${output ? `: ${output}` : ''}`.slice(0, 9000),
      );
    return `${show(argv)}\n${output}`.trim();
  }

  private async simple(argv: string[], dryRun: boolean, env?: NodeJS.ProcessEnv): Promise<string> {
    if (dryRun) return `dry run: would run ${show(argv)}`;
    return this.runArgv(argv, env);
  }

  async execute(action: HealingAction): Promise<ActionResult> {
    const started = performance.now();
    const output = await this.dispatch(action);
    return { output, dry_run: action.dryRun, duration_ms: Math.round(performance.now() - started) };
  }

  private async dispatch(action: HealingAction): Promise<string> {
    const { config } = this.deps;
    switch (action.kind) {
      case 'RESTART_SERVICE':
        return this.simple(serviceArgv(action.service, 'restart', config), action.dryRun);
      case 'STOP_SERVICE':
        return this.simple(serviceArgv(action.service, 'stop', config), action.dryRun);
      case 'START_SERVICE':
        return this.simple(serviceArgv(action.service, 'start', config), action.dryRun);
      case 'VACUUM_ANALYZE': {
        const { argv, env } = vacuumArgv(config);
        return this.simple(argv, action.dryRun, env);
      }
      case 'THROTTLE_GPU':
        return this.simple(
          [config.nvidia_smi.path, '-i', String(action.gpu), '-pl', String(action.powerLimitW)],
          action.dryRun,
        );
      case 'RESET_GPU':
        return this.simple([config.nvidia_smi.path, '-i', String(action.gpu), '-r'], action.dryRun);
      case 'CLEAN_DISK':
        try {
          const result = await cleanDisk({
            root: action.cleanup.path,
            olderThanDays: action.olderThanDays,
            patterns: action.cleanup.patterns,
            dryRun: action.dryRun,
          });
          return describeClean(result, action.olderThanDays, action.dryRun).slice(0, config.output_max_bytes);
        } catch (error) {
          if (error instanceof CleanRefused) throw new ActionFailed(`CLEAN_DISK refused: ${error.message}`);
          throw error;
        }
      case 'REBOOT':
        return this.reboot(action.dryRun);
    }
  }

  /**
   * Every check must pass: enabled in the agent config, the agent's own persisted count
   * (< 2 in the last hour — it survives the reboots it counts), and admin-api's reboot check
   * (database reachable, no backup running, rate, workflows drained). The reboot is counted
   * before the command runs, so a crash in between can only make the limit stricter.
   */
  private async reboot(dryRun: boolean): Promise<string> {
    const { config, state } = this.deps;
    if (!config.reboot.enabled)
      throw new ActionFailed('reboot refused: reboot_enabled failed: reboot.enabled is false in the agent config');
    const recent = state.rebootsWithin(HOUR_MS);
    if (recent >= MAX_REBOOTS_PER_HOUR)
      throw new ActionFailed(
        `reboot refused: reboot_rate failed: this agent rebooted the host ${recent} time(s) in the last hour (at most ${MAX_REBOOTS_PER_HOUR})`,
      );
    let check: RebootCheck;
    try {
      check = await this.deps.rebootCheck();
    } catch (error) {
      throw new ActionFailed(
        `reboot refused: reboot_check failed: admin-api did not answer (${(error as Error).message})`,
      );
    }
    const failed = (check.checks ?? []).filter((c) => !c.ok);
    if (!check.allowed || failed.length > 0) {
      const names = failed.map((c) => `${c.name} (${c.detail})`).join(', ') || 'reboot-check said not allowed';
      throw new ActionFailed(`reboot refused: failed checks: ${names}`);
    }
    const passed = check.checks.map((c) => c.name).join(', ');
    if (dryRun) return `dry run: checks passed (${passed}); would run ${show(config.reboot.command)}`;
    state.recordReboot();
    return `checks passed (${passed})\n${await this.runArgv(config.reboot.command)}`;
  }
}

/** argv as one readable line (for reports; arguments with spaces quoted). */
export function show(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
