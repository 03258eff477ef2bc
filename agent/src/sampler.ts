// One sample in the shape of POST /api/v1/health/samples: host figures, GPUs, XID errors
// since the previous sample, service health, and — in the first sample after a new boot —
// the post-reboot validation (which configured services are up or down).
import { readBootId, readUptimeSeconds } from './sampling/boot.ts';
import { CpuSampler, type CpuFigures } from './sampling/cpu.ts';
import { readDisks, type DiskFigures, type StatFsFn } from './sampling/disks.ts';
import { readMemory, type MemoryFigures } from './sampling/memory.ts';
import { NvidiaSmi, type GpuFigures } from './sampling/nvidia-smi.ts';
import { checkServices, type ServiceStatus } from './sampling/services.ts';
import { createXidSource, type XidError, type XidSource } from './sampling/xid.ts';
import type { AgentConfig } from './config.ts';
import type { GpuKnowledge } from './healing/params.ts';
import type { Logger } from './log.ts';

export const AGENT_VERSION = '0.1.0';

export type Sample = {
  host: string;
  taken_at: string;
  agent_version: string;
  boot_id: string;
  uptime_s: number;
  cpu: CpuFigures;
  memory: MemoryFigures;
  disks: DiskFigures[];
  gpus?: GpuFigures[];
  gpu_error?: string;
  xid_errors: XidError[];
  services: ServiceStatus[];
  reboot_validation?: { services_up: string[]; services_down: string[] };
};

export class Sampler {
  readonly nvidiaSmi: NvidiaSmi;
  private readonly cpu: CpuSampler;
  private readonly xid: XidSource;
  private readonly config: AgentConfig;
  private readonly log: Logger;
  private readonly statfs: StatFsFn | undefined;
  /** GPUs seen in the latest sample (THROTTLE_GPU/RESET_GPU targets are checked against it). */
  gpus: GpuKnowledge = { absent: false, indexes: null };

  constructor(config: AgentConfig, log: Logger, statfs?: StatFsFn) {
    this.config = config;
    this.log = log;
    this.statfs = statfs;
    this.cpu = new CpuSampler(config.proc_root);
    this.nvidiaSmi = new NvidiaSmi(config.nvidia_smi.path, Math.round(config.nvidia_smi.timeout_s * 1000));
    this.xid = createXidSource(config.kernel_log, () => readUptimeSeconds(config.proc_root));
  }

  bootId(): string {
    return readBootId(this.config.proc_root);
  }

  async take(options: { rebootValidation: boolean }): Promise<Sample> {
    const taken = new Date();
    const [gpu, disks, services, xid] = await Promise.all([
      this.nvidiaSmi.read(),
      readDisks(this.config.disks, this.config.fs_root, this.statfs),
      checkServices(this.config.services, this.config.systemctl_path),
      this.xid.read().catch((error: Error) => {
        this.log.warn('kernel log unreadable', { error: error.message });
        return [];
      }),
    ]);
    for (const error of disks.errors) this.log.warn('disk unreadable', { disk: error });
    this.gpus = {
      absent: gpu.gpus === undefined && gpu.gpu_error === undefined,
      indexes: gpu.gpus ? gpu.gpus.map((g) => g.index) : null,
    };
    const sample: Sample = {
      host: this.config.host,
      taken_at: taken.toISOString(),
      agent_version: AGENT_VERSION,
      boot_id: this.bootId(),
      uptime_s: readUptimeSeconds(this.config.proc_root),
      cpu: this.cpu.read(),
      memory: readMemory(this.config.proc_root),
      disks: disks.disks,
      ...(gpu.gpus ? { gpus: gpu.gpus } : {}),
      ...(gpu.gpu_error ? { gpu_error: gpu.gpu_error } : {}),
      xid_errors: xid,
      services,
    };
    if (options.rebootValidation)
      sample.reboot_validation = {
        services_up: services.filter((s) => s.status === 'up').map((s) => s.name),
        services_down: services.filter((s) => s.status === 'down').map((s) => s.name),
      };
    return sample;
  }

  close(): void {
    this.xid.close();
  }
}
