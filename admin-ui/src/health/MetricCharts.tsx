// The 24 h charts of one host (uPlot). Loaded lazily by HostCharts: only this page draws
// charts, so the charting code lives in its own chunk.
import { Card, CardContent, CardHeader, Grid } from '@mui/material';
import { useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ChartSeries } from './chart-series.ts';
import { TimeSeriesChart } from './TimeSeriesChart.tsx';

const COLORS = ['#1f5f8b', '#d9822b', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#455a64'];
const PERCENT_RANGE: [number, number] = [0, 100];

function Chart({ chart }: { chart: ChartSeries }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const times = useMemo(() => chart.points.map((p) => p.t), [chart]);
  const series = useMemo(
    () =>
      chart.lines.map((line, i) => ({
        label:
          line === 'value'
            ? translate('resources.health.value')
            : line.startsWith('gpu')
              ? `GPU ${line.slice(3)}`
              : line,
        color: COLORS[i % COLORS.length]!,
        values: chart.points.map((p) => p[line] ?? null),
      })),
    [chart, translate],
  );
  return (
    <Card variant="outlined" data-testid={`chart-${chart.kind}`}>
      <CardHeader
        title={translate(`resources.health.charts.${chart.kind}`)}
        titleTypographyProps={{ variant: 'subtitle2' }}
        sx={{ pb: 0 }}
      />
      <CardContent>
        <TimeSeriesChart
          times={times}
          series={series}
          unit={chart.unit}
          range={chart.unit === '%' ? PERCENT_RANGE : undefined}
          height={200}
          locale={locale}
        />
      </CardContent>
    </Card>
  );
}

export default function MetricCharts({ series }: { series: ChartSeries[] }) {
  return (
    <Grid container spacing={2}>
      {series.map((chart) => (
        <Grid key={chart.kind} size={{ xs: 12, md: 6 }}>
          <Chart chart={chart} />
        </Grid>
      ))}
    </Grid>
  );
}
