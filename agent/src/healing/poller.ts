// Polls admin-api for this host's HEALING commands and runs them one at a time: validate the
// params against the agent's config, execute, report complete (result: output, dry_run,
// duration_ms) or fail (the refusal or error, retry false). admin-api mirrors the outcome into
// healing_actions. A command for another host — which the `host` claim filter should never
// hand out — is released with retry so the right agent can take it.
import { ApiError, type AgentApi, type HealingCommand } from '../api.ts';
import type { AgentConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { ActionFailed, type Executor } from './execute.ts';
import { parseAction, Refusal, type GpuKnowledge } from './params.ts';

export const CLAIM_LIMIT = 5;

export class HealingPoller {
  private readonly api: AgentApi;
  private readonly config: AgentConfig;
  private readonly executor: Executor;
  private readonly gpus: () => GpuKnowledge;
  private readonly log: Logger;
  constructor(deps: { api: AgentApi; config: AgentConfig; executor: Executor; gpus: () => GpuKnowledge; log: Logger }) {
    this.api = deps.api;
    this.config = deps.config;
    this.executor = deps.executor;
    this.gpus = deps.gpus;
    this.log = deps.log;
  }

  /** One poll: claim up to CLAIM_LIMIT commands and run them in order. Returns how many ran. */
  async pollOnce(shouldStop: () => boolean = () => false): Promise<number> {
    const commands = await this.api.claim(this.config.host, CLAIM_LIMIT);
    let handled = 0;
    for (const command of commands) {
      if (shouldStop()) {
        // Claimed but not started: give it back rather than leave it until its timeout.
        await this.report(() => this.api.fail(command.id, 'agent stopping before running it', true), command);
        continue;
      }
      await this.handle(command);
      handled++;
    }
    return handled;
  }

  private async handle(command: HealingCommand): Promise<void> {
    const params = command.params ?? {};
    if (params.host !== this.config.host) {
      this.log.warn('claimed a command for another host, releasing it', { command: command.id, host: params.host });
      await this.report(
        () => this.api.fail(command.id, `claimed by the agent of ${this.config.host}, meant for another host`, true),
        command,
      );
      return;
    }
    this.log.info('healing command', { command: command.id, action: command.action, params });
    try {
      const action = parseAction(command.action, params, this.config, this.gpus());
      const result = await this.executor.execute(action);
      this.log.info('healing command done', { command: command.id, action: command.action, dry_run: result.dry_run });
      await this.report(() => this.api.complete(command.id, result), command);
    } catch (error) {
      const known = error instanceof Refusal || error instanceof ActionFailed;
      const message = known ? (error as Error).message : `agent error: ${(error as Error).message}`;
      this.log.warn('healing command failed', { command: command.id, action: command.action, error: message });
      await this.report(() => this.api.fail(command.id, message, false), command);
    }
  }

  /** Reports are retried a few times: the action has happened and its outcome must not be lost. */
  private async report(send: () => Promise<void>, command: HealingCommand): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        const retryable = error instanceof ApiError && error.retry;
        if (!retryable || attempt >= 5) {
          this.log.error('could not report a healing command', {
            command: command.id,
            error: (error as Error).message,
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  }
}
