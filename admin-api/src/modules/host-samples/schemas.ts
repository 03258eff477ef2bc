// The agent → admin-api sample contract (POST /api/v1/health/samples), declared once: this
// schema validates pushes, documents them in OpenAPI and types what the healing rules read.
// Unknown GPU figures ([N/A], [Not Supported]) are null, never 0; no GPU at all = `gpus`
// absent. Unknown top-level fields are dropped rather than refused, so an agent newer than
// this API keeps reporting (what it sends beyond the contract is simply not stored).
import { z } from '../../openapi/zod.ts';

export const HOST_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$/;

export const hostName = z
  .string('is required')
  .regex(HOST_PATTERN, 'must be a host name: a letter or digit, then letters, digits, _ . : - (at most 253)');

/** How far ahead of this server's clock a sample may be stamped (agent clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const number = z.number('must be a number');
const count = number.min(0, 'must not be negative');
const bytes = number.int('must be a whole number').min(0, 'must not be negative');
const percent = number.min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');
const text = (max: number) => z.string('must be text').max(max, `must be at most ${max} characters`);
/** A GPU figure nvidia-smi may not know: null, never a made-up 0. */
const unknownOr = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const cpuSchema = z.object({
  percent,
  cores: number.int('must be a whole number').min(1, 'must be at least 1'),
  load1: count,
  load5: count,
  load15: count,
});

export const memorySchema = z.object({
  total_bytes: bytes,
  available_bytes: bytes,
  used_percent: percent,
  swap_total_bytes: bytes,
  swap_used_bytes: bytes,
  swap_used_percent: percent,
});

export const diskSchema = z.object({
  path: text(4096).min(1, 'is required'),
  total_bytes: bytes,
  free_bytes: bytes,
  free_percent: percent,
});

export const gpuSchema = z.object({
  index: number.int('must be a whole number').min(0, 'must not be negative').max(1023),
  uuid: unknownOr(text(128)),
  name: unknownOr(text(200)),
  pci_bus_id: unknownOr(text(64)),
  utilization_percent: unknownOr(percent),
  memory_used_mib: unknownOr(count),
  memory_total_mib: unknownOr(count),
  memory_used_percent: unknownOr(percent),
  temperature_c: unknownOr(number.min(-100, 'must be at least -100').max(250, 'must be at most 250')),
  power_draw_w: unknownOr(count),
  power_limit_w: unknownOr(count),
  clocks_sm_mhz: unknownOr(count),
  throttle_reasons: z.array(text(100), 'must be a list of reasons').max(64).default([]),
});

export const xidSchema = z.object({
  at: instant,
  pci_bus_id: unknownOr(text(64)),
  code: number.int('must be a whole number').min(0, 'must not be negative'),
  message: text(2000).default(''),
});

export const SERVICE_KINDS = ['http', 'systemd', 'container'] as const;

export const serviceSchema = z.object({
  name: text(200).min(1, 'is required'),
  kind: z.enum(SERVICE_KINDS, 'must be http, systemd or container'),
  status: z.enum(['up', 'down'], 'must be up or down'),
  latency_ms: count.nullish(),
  detail: text(2000).nullish(),
});

const serviceNames = z.array(text(200), 'must be a list of service names').max(200);

export const sampleBody = z
  .object({
    host: hostName,
    taken_at: instant,
    agent_version: text(64).min(1, 'is required'),
    boot_id: text(100).optional(),
    uptime_s: count.optional(),
    cpu: cpuSchema,
    memory: memorySchema,
    disks: z.array(diskSchema, 'must be a list of disks').max(100),
    gpus: z.array(gpuSchema, 'must be a list of GPUs').max(64).optional(),
    gpu_error: text(2000).optional().openapi({ description: 'Only when nvidia-smi failed or timed out' }),
    xid_errors: z.array(xidSchema, 'must be a list of XID errors').max(1000).optional(),
    services: z.array(serviceSchema, 'must be a list of services').max(200),
    reboot_validation: z
      .object({ services_up: serviceNames, services_down: serviceNames })
      .optional()
      .openapi({ description: 'Only in the first sample after a boot' }),
  })
  .openapi('HostSampleInput');

export type SampleInput = z.infer<typeof sampleBody>;
/** What is stored in health_samples.metrics: the sample without host and taken_at. */
export type SampleMetrics = Omit<SampleInput, 'host' | 'taken_at'>;
export type GpuReading = z.infer<typeof gpuSchema>;
export type ServiceReading = z.infer<typeof serviceSchema>;

export const sampleAcceptedSchema = z
  .object({
    id: z.uuid(),
    duplicate: z.boolean().openapi({ description: 'true: a sample of this host at this taken_at was stored before' }),
  })
  .openapi('HostSampleAccepted');

export const sampleSchema = z
  .object({
    id: z.uuid(),
    host: z.string(),
    taken_at: z.iso.datetime(),
    received_at: z.iso.datetime(),
    metrics: z.record(z.string(), z.unknown()),
  })
  .openapi('HostSample');

export const hostSchema = z
  .object({
    id: z.string().openapi({ description: 'The host name (react-admin needs an id)' }),
    host: z.string(),
    sample_id: z.uuid(),
    taken_at: z.iso.datetime(),
    received_at: z.iso.datetime(),
    age_s: z.number().openapi({ description: 'Seconds since the latest sample was taken' }),
    agent_version: z.string().nullable(),
    metrics: z.record(z.string(), z.unknown()),
  })
  .openapi('HealthHost');

const filterInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const sampleFilters = {
  host: z.union([hostName, z.array(hostName).min(1).max(100)]),
  taken_from: filterInstant,
  taken_to: filterInstant.openapi({ description: 'exclusive' }),
};

export const hostFilters = { host: z.string().max(253) };

export type SampleDto = z.infer<typeof sampleSchema>;
export type HostDto = z.infer<typeof hostSchema>;
