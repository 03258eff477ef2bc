// GPU figures from `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`, one line per GPU.
// Facts this follows (ARCHITECTURE "Operations facts"): bracketed values ([N/A],
// [Not Supported], [GPU requires reset]) are unknown → null, never 0; exit codes 9/12/15/255
// have meanings worth reporting; nvidia-smi can hang in the driver, so it runs with a timeout
// and SIGKILL; throttle flags are clocks_event_reasons.* on current drivers and
// clocks_throttle_reasons.* on older ones — a field the driver refuses is replaced by its older
// name or dropped, once, and the working field list is remembered.
import { describeEnd, run } from '../exec.ts';
import { round } from './cpu.ts';

export type GpuFigures = {
  index: number;
  uuid: string;
  name: string;
  pci_bus_id: string;
  utilization_percent: number | null;
  memory_used_mib: number | null;
  memory_total_mib: number | null;
  memory_used_percent: number | null;
  temperature_c: number | null;
  power_draw_w: number | null;
  power_limit_w: number | null;
  clocks_sm_mhz: number | null;
  throttle_reasons: string[];
};

/** gpus absent and gpu_error absent: no nvidia-smi on this host (not an error). */
export type GpuReading = { gpus?: GpuFigures[]; gpu_error?: string };

const THROTTLE_ACTIVE = 'clocks_event_reasons.active';
/** The query, in order; a refused field is replaced by the next alternative, or dropped. */
export const DEFAULT_FIELDS = [
  'index',
  'uuid',
  'name',
  'pci.bus_id',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
  'power.limit',
  'clocks.sm',
  THROTTLE_ACTIVE,
];
const ALTERNATIVES: Record<string, string | null> = {
  'clocks_event_reasons.active': 'clocks_throttle_reasons.active',
  'clocks_throttle_reasons.active': null,
  'power.draw': 'power.draw.instant',
  'power.draw.instant': null,
  'power.limit': 'enforced.power.limit',
  'enforced.power.limit': null,
  'clocks.sm': null,
  'temperature.gpu': null,
  'utilization.gpu': null,
};

/** nvml.h nvmlClocksEventReason* bits (the same values as the older ThrottleReason names). */
const REASON_BITS: Array<[number, string]> = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clocks_setting'],
];

export const EXIT_MEANINGS: Record<number, string> = {
  2: 'invalid argument or query field',
  3: 'operation not available on this GPU',
  4: 'permission denied',
  6: 'query unsuccessful',
  8: 'external power cables not attached',
  9: 'driver not loaded',
  10: 'kernel interrupt problem with the GPU',
  12: 'NVML shared library not found',
  13: 'function not implemented by this NVML',
  14: 'infoROM corrupted',
  15: 'GPU fell off the bus or is otherwise inaccessible',
  255: 'internal driver error',
};

export function throttleReasons(value: string | undefined): string[] {
  if (value === undefined || unknownValue(value)) return [];
  const mask = Number.parseInt(value.replace(/^0x/i, ''), 16);
  if (!Number.isFinite(mask)) return [];
  const names = REASON_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
  const known = REASON_BITS.reduce((all, [bit]) => all | bit, 0);
  if ((mask & ~known) !== 0) names.push(`unknown_0x${(mask & ~known).toString(16)}`);
  return names;
}

/** [N/A], [Not Supported], [GPU requires reset], [Unknown Error], N/A: unknown. */
function unknownValue(value: string): boolean {
  return /^\[.*\]$/.test(value) || value === 'N/A' || value === '';
}

function num(value: string | undefined): number | null {
  if (value === undefined || unknownValue(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Parses the CSV lines of a query made with `fields` (noheader, nounits). */
export function parseGpuCsv(text: string, fields: readonly string[]): GpuFigures[] {
  const gpus: GpuFigures[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parts = line.split(',').map((p) => p.trim());
    // A GPU name with a comma in it: the surplus belongs to the name column.
    const nameAt = fields.indexOf('name');
    if (parts.length > fields.length && nameAt >= 0) {
      const extra = parts.length - fields.length;
      parts = [
        ...parts.slice(0, nameAt),
        parts.slice(nameAt, nameAt + extra + 1).join(', '),
        ...parts.slice(nameAt + extra + 1),
      ];
    }
    if (parts.length !== fields.length) throw new Error(`unexpected nvidia-smi line: ${line.slice(0, 200)}`);
    const get = (...names: string[]) => {
      for (const n of names) {
        const at = fields.indexOf(n);
        if (at >= 0) return parts[at];
      }
      return undefined;
    };
    const index = num(get('index'));
    if (index === null) throw new Error(`nvidia-smi line without a GPU index: ${line.slice(0, 200)}`);
    const used = num(get('memory.used'));
    const total = num(get('memory.total'));
    gpus.push({
      index,
      uuid: get('uuid') ?? '',
      name: get('name') ?? '',
      pci_bus_id: get('pci.bus_id') ?? '',
      utilization_percent: num(get('utilization.gpu')),
      memory_used_mib: used,
      memory_total_mib: total,
      memory_used_percent: used !== null && total !== null && total > 0 ? round((used / total) * 100) : null,
      temperature_c: num(get('temperature.gpu')),
      power_draw_w: num(get('power.draw', 'power.draw.instant')),
      power_limit_w: num(get('power.limit', 'enforced.power.limit')),
      clocks_sm_mhz: num(get('clocks.sm')),
      throttle_reasons: throttleReasons(get('clocks_event_reasons.active', 'clocks_throttle_reasons.active')),
    });
  }
  return gpus;
}

/** The field nvidia-smi refused (`Field "x" is not a valid field to query.`), if that was the failure. */
export function refusedField(output: string): string | null {
  return /Field "([^"]+)" is not a valid field to query/.exec(output)?.[1] ?? null;
}

export function exitError(code: number, output: string): string {
  const meaning = EXIT_MEANINGS[code] ?? 'failed';
  const first = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return `nvidia-smi exited ${code}: ${meaning}${first ? ` (${first.slice(0, 200)})` : ''}`;
}

export class NvidiaSmi {
  private fields = [...DEFAULT_FIELDS];
  private readonly path: string;
  private readonly timeoutMs: number;
  constructor(path: string, timeoutMs: number) {
    this.path = path;
    this.timeoutMs = timeoutMs;
  }

  /** The query fields currently in use (after any fallbacks). */
  get queryFields(): readonly string[] {
    return this.fields;
  }

  async read(): Promise<GpuReading> {
    // Each refused field costs one retry; the list is remembered, so this loop runs once per process.
    for (let attempt = 0; attempt <= DEFAULT_FIELDS.length; attempt++) {
      const result = await run(this.path, [`--query-gpu=${this.fields.join(',')}`, '--format=csv,noheader,nounits'], {
        timeoutMs: this.timeoutMs,
        maxBytes: 256 * 1024,
      });
      if (result.spawnError?.code === 'ENOENT') return {};
      if (result.spawnError || result.timedOut || result.signal)
        return { gpu_error: `nvidia-smi ${describeEnd(result, this.timeoutMs)}` };
      const output = `${result.stdout}\n${result.stderr}`;
      const refused = refusedField(output);
      if (refused && this.fields.includes(refused) && refused !== 'index') {
        const alternative = ALTERNATIVES[refused] ?? null;
        this.fields = this.fields.flatMap((f) => (f !== refused ? [f] : alternative ? [alternative] : []));
        continue;
      }
      if (result.exitCode !== 0) return { gpu_error: exitError(result.exitCode ?? -1, output) };
      try {
        return { gpus: parseGpuCsv(result.stdout, this.fields) };
      } catch (error) {
        return { gpu_error: (error as Error).message };
      }
    }
    return { gpu_error: 'nvidia-smi refused every query field' };
  }
}
