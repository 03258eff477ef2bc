// Turns a host's samples into chart series, one chart per metric: CPU and memory in percent,
// free disk space per mount, GPU utilisation and temperature per GPU. A day of samples (one a
// minute) is more points than a chart can show, so samples are averaged into time buckets.
import { hostFigures } from './host-metrics.ts';

export type SampleLike = { taken_at: string; metrics: unknown };

export type ChartKind = 'cpu' | 'memory' | 'disk' | 'gpu_utilization' | 'gpu_temperature';

export type ChartPoint = { t: number } & Record<string, number | null>;

export type ChartSeries = {
  kind: ChartKind;
  unit: '%' | '°C';
  /** The line keys, e.g. ['value'] or ['/', '/var'] or ['gpu0', 'gpu1']. */
  lines: string[];
  points: ChartPoint[];
};

type Reading = { t: number; values: Record<ChartKind, Record<string, number | null>> };

function readings(samples: SampleLike[]): Reading[] {
  return samples
    .map((sample) => {
      const f = hostFigures(sample.metrics);
      const gpuValues = (pick: (g: (typeof f.gpus)[number]) => number | null) =>
        Object.fromEntries(f.gpus.map((g) => [`gpu${g.index}`, pick(g)]));
      return {
        t: Date.parse(sample.taken_at),
        values: {
          cpu: { value: f.cpu_percent },
          memory: { value: f.memory_used_percent },
          disk: Object.fromEntries(f.disks.map((d) => [d.path, d.free_percent])),
          gpu_utilization: gpuValues((g) => g.utilization_percent),
          gpu_temperature: gpuValues((g) => g.temperature_c),
        },
      };
    })
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t);
}

/** Averages points into at most `maxPoints` equal time buckets (nulls are left out of the mean). */
export function downsample(points: ChartPoint[], lines: string[], maxPoints: number): ChartPoint[] {
  if (points.length <= maxPoints) return points;
  const first = points[0]!.t;
  const span = points[points.length - 1]!.t - first || 1;
  const buckets = new Map<number, ChartPoint[]>();
  for (const point of points) {
    const bucket = Math.min(maxPoints - 1, Math.floor(((point.t - first) / span) * maxPoints));
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), point]);
  }
  return [...buckets.values()].map((group) => {
    const averaged: ChartPoint = { t: Math.round(group.reduce((sum, p) => sum + p.t, 0) / group.length) };
    for (const line of lines) {
      const values = group.map((p) => p[line]).filter((v): v is number => typeof v === 'number');
      averaged[line] = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;
    }
    return averaged;
  });
}

const KINDS: Array<{ kind: ChartKind; unit: ChartSeries['unit'] }> = [
  { kind: 'cpu', unit: '%' },
  { kind: 'memory', unit: '%' },
  { kind: 'disk', unit: '%' },
  { kind: 'gpu_utilization', unit: '%' },
  { kind: 'gpu_temperature', unit: '°C' },
];

/** The charts worth drawing for these samples (a host without GPUs gets no GPU charts). */
export function chartSeries(samples: SampleLike[], maxPoints = 288): ChartSeries[] {
  const all = readings(samples);
  return KINDS.flatMap(({ kind, unit }) => {
    const lines = [...new Set(all.flatMap((r) => Object.keys(r.values[kind])))].sort();
    const points = all
      .filter((r) => Object.values(r.values[kind]).some((v) => v !== null))
      .map((r) => ({ t: r.t, ...Object.fromEntries(lines.map((line) => [line, r.values[kind][line] ?? null])) }));
    if (lines.length === 0 || points.length === 0) return [];
    return [{ kind, unit, lines, points: downsample(points as ChartPoint[], lines, maxPoints) }];
  });
}
