// The agent's two loops: every sample_interval_s take a sample and push it (with the backlog
// of unsent ones); every poll_interval_s claim this host's HEALING commands and run them.
// stop() lets the loop in progress finish its report and then ends; nothing new starts.
import { AgentApi } from './api.ts';
import { Executor } from './healing/execute.ts';
import { HealingPoller } from './healing/poller.ts';
import { PushQueue } from './push-queue.ts';
import { Sampler, type Sample } from './sampler.ts';
import { StateFile } from './state.ts';
import type { AgentConfig } from './config.ts';
import type { Logger } from './log.ts';
import type { StatFsFn } from './sampling/disks.ts';

export class Agent {
  private readonly config: AgentConfig;
  private readonly log: Logger;
  private readonly state: StateFile;
  private readonly sampler: Sampler;
  private readonly api: AgentApi;
  private readonly queue: PushQueue<Sample>;
  private readonly poller: HealingPoller;
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** The boot id whose post-reboot validation is already in a sample (sent or queued). */
  private validatedBootId: string | null = null;

  constructor(config: AgentConfig, log: Logger, options: { statfs?: StatFsFn } = {}) {
    this.config = config;
    this.log = log;
    this.state = new StateFile(config.state_file);
    this.sampler = new Sampler(config, log, options.statfs);
    this.api = new AgentApi(config.api_url, config.api_key, Math.round(config.request_timeout_s * 1000));
    this.queue = new PushQueue<Sample>(config.queue_max, (sample) => this.send(sample), log);
    const executor = new Executor({
      config,
      state: this.state,
      rebootCheck: () => this.api.rebootCheck(config.host),
    });
    this.poller = new HealingPoller({
      api: this.api,
      config,
      executor,
      log,
      gpus: () => this.sampler.gpus,
    });
  }

  private async send(sample: Sample): Promise<void> {
    const answer = await this.api.postSample(sample);
    this.log.debug('sample accepted', { taken_at: sample.taken_at, duplicate: answer.duplicate });
    // Delivered: the validation of this boot is done; a restart of the agent will not repeat it.
    if (sample.reboot_validation) this.state.setLastBootId(sample.boot_id);
  }

  async sampleOnce(): Promise<void> {
    const bootId = this.sampler.bootId();
    const validate = this.state.lastBootId !== bootId && this.validatedBootId !== bootId;
    const sample = await this.sampler.take({ rebootValidation: validate });
    if (validate) this.validatedBootId = bootId;
    const { sent, pending } = await this.queue.push(sample);
    this.log.debug('sample pushed', { sent, pending, dropped: this.queue.dropped });
  }

  async pollOnce(): Promise<number> {
    return this.poller.pollOnce(() => this.stopping);
  }

  /** Runs `tick` every `seconds`, measured start to start; a slow tick delays, never overlaps. */
  private loop(name: string, seconds: number, tick: () => Promise<unknown>): void {
    const schedule = (delay: number) => {
      if (this.stopping) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const started = Date.now();
        const job = tick()
          .catch((error: Error) => this.log.error(`${name} failed`, { error: error.message }))
          .then(() => undefined);
        this.running.add(job);
        void job.finally(() => {
          this.running.delete(job);
          schedule(Math.max(0, seconds * 1000 - (Date.now() - started)));
        });
      }, delay);
      this.timers.add(timer);
    };
    schedule(0);
  }

  start(): void {
    const c = this.config;
    this.log.info('chronos agent started', {
      host: c.host,
      api_url: c.api_url,
      sample_interval_s: c.sample_interval_s,
      poll_interval_s: c.poll_interval_s,
      services: c.services.map((s) => `${s.name} (${s.kind})`),
      cleanup_paths: c.cleanup_paths.map((p) => p.path),
      disks: c.disks,
      dry_run: c.dry_run,
      reboot_enabled: c.reboot.enabled,
      allow_gpu_reset: c.allow_gpu_reset,
      vacuum: c.database_url !== null,
    });
    this.loop('sample', c.sample_interval_s, () => this.sampleOnce());
    this.loop('poll', c.poll_interval_s, () => this.pollOnce());
  }

  /** Stops scheduling, waits for the sample/command in progress to be reported (at most `graceMs`). */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    this.sampler.close();
    this.log.info('chronos agent stopped', { unsent_samples: this.queue.length });
  }
}
