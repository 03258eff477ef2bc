import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartSeries, downsample } from './chart-series.ts';
import { hostFigures } from './host-metrics.ts';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 12, 0, minute)).toISOString();

function sample(minute: number, over: Record<string, unknown> = {}) {
  return {
    taken_at: at(minute),
    metrics: {
      cpu: { percent: 10 + minute },
      memory: { used_percent: 50 },
      disks: [
        { path: '/', free_percent: 60 },
        { path: '/var', free_percent: 20 },
      ],
      services: [{ name: 'n8n', status: 'up' }],
      ...over,
    },
  };
}

describe('host metrics', () => {
  it('reads figures defensively (missing sections, nulls, junk)', () => {
    const figures = hostFigures({
      cpu: { percent: 'high' },
      gpus: [{ index: 0, temperature_c: null }, 'x'],
      disks: [{}],
    });
    assert.equal(figures.cpu_percent, null);
    assert.equal(figures.memory_used_percent, null);
    assert.deepEqual(figures.disks, []);
    assert.deepEqual(figures.gpus, [
      { index: 0, name: null, utilization_percent: null, temperature_c: null, memory_used_percent: null },
    ]);
    assert.deepEqual(hostFigures(null).services, []);
  });
});

describe('chart series', () => {
  it('one chart per metric, disks per mount, sorted by time; no GPU charts without GPUs', () => {
    const series = chartSeries([sample(2), sample(1)]);
    assert.deepEqual(
      series.map((s) => s.kind),
      ['cpu', 'memory', 'disk'],
    );
    const cpu = series[0]!;
    assert.deepEqual(cpu.lines, ['value']);
    assert.deepEqual(
      cpu.points.map((p) => p.value),
      [11, 12],
    );
    assert.deepEqual(series[2]!.lines, ['/', '/var']);
  });

  it('GPU charts have a line per GPU, temperatures in °C', () => {
    const gpus = [
      { index: 0, utilization_percent: 40, temperature_c: 60 },
      { index: 1, utilization_percent: 90, temperature_c: 85 },
    ];
    const series = chartSeries([sample(0, { gpus })]);
    const temperature = series.find((s) => s.kind === 'gpu_temperature')!;
    assert.equal(temperature.unit, '°C');
    assert.deepEqual(temperature.lines, ['gpu0', 'gpu1']);
    assert.deepEqual(temperature.points[0], { t: Date.parse(at(0)), gpu0: 60, gpu1: 85 });
  });

  it('averages a day of minutes into buckets, ignoring nulls', () => {
    const points = Array.from({ length: 1440 }, (_, i) => ({ t: i * 60_000, value: i % 2 ? 10 : null }));
    const reduced = downsample(points, ['value'], 288);
    assert.ok(reduced.length <= 288 && reduced.length > 250, String(reduced.length));
    assert.ok(reduced.every((p) => p.value === 10));
    assert.equal(downsample(points.slice(0, 3), ['value'], 288).length, 3);
  });
});
