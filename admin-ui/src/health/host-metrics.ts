// Reading an agent sample's `metrics` (the POST /api/v1/health/samples body, stored as JSON):
// the API types it as an open object, so every figure is read defensively — an older agent
// may lack a section and unknown GPU figures are null.
export type DiskFigure = { path: string; free_percent: number | null };
export type GpuFigure = {
  index: number;
  name: string | null;
  utilization_percent: number | null;
  temperature_c: number | null;
  memory_used_percent: number | null;
};
export type ServiceFigure = { name: string; status: string };

export type HostFigures = {
  cpu_percent: number | null;
  memory_used_percent: number | null;
  disks: DiskFigure[];
  gpus: GpuFigure[];
  services: ServiceFigure[];
  gpu_error: string | null;
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

export function hostFigures(metrics: unknown): HostFigures {
  const m = isObject(metrics) ? metrics : {};
  const cpu = isObject(m.cpu) ? m.cpu : {};
  const memory = isObject(m.memory) ? m.memory : {};
  return {
    cpu_percent: num(cpu.percent),
    memory_used_percent: num(memory.used_percent),
    disks: objects(m.disks).flatMap((d) => {
      const path = str(d.path);
      return path === null ? [] : [{ path, free_percent: num(d.free_percent) }];
    }),
    gpus: objects(m.gpus).flatMap((g) => {
      const index = num(g.index);
      return index === null
        ? []
        : [
            {
              index,
              name: str(g.name),
              utilization_percent: num(g.utilization_percent),
              temperature_c: num(g.temperature_c),
              memory_used_percent: num(g.memory_used_percent),
            },
          ];
    }),
    services: objects(m.services).flatMap((s) => {
      const name = str(s.name);
      return name === null ? [] : [{ name, status: str(s.status) ?? 'unknown' }];
    }),
    gpu_error: str(m.gpu_error),
  };
}
