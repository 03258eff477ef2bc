// One time-series chart drawn by uPlot (a small canvas charting library, ~20 KB gzipped,
// made for exactly this: many points over time), sized to its container.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type TimeSeriesChartProps = {
  /** Times in milliseconds. */
  times: number[];
  series: Array<{ label: string; color: string; values: Array<number | null> }>;
  unit: string;
  /** Fixed y range (e.g. 0-100 for percentages); automatic when absent. */
  range?: [number, number];
  height: number;
  locale: string;
};

export function TimeSeriesChart({ times, series, unit, range, height, locale }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const format = (ms: number) => new Date(ms).toLocaleString(locale);
    const options: uPlot.Options = {
      width: element.clientWidth || 400,
      height,
      ms: 1, // x values are milliseconds
      scales: { x: { time: true }, y: range ? { range } : {} },
      series: [
        { value: (_u, v) => (v === null ? '—' : format(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          spanGaps: false,
          points: { show: times.length === 1 },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ${unit}`),
        })),
      ],
      axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t}${unit === '%' ? '%' : '°'}`) }],
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, unit, range, height, locale]);

  return <div ref={container} />;
}
