// The last 24 h of one host's samples, fetched page by page (the API gives at most 1000 rows a
// request; an agent reporting every minute sends 1440 a day) and drawn by the lazily loaded
// MetricCharts.
import { Alert, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { chartSeries, type SampleLike } from './chart-series.ts';

const MetricCharts = lazy(() => import('./MetricCharts.tsx'));

const PAGE = 1000;
/** Enough for a sample every 30 s; older samples than that beyond the limit are not drawn. */
const MAX_PAGES = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export function HostCharts({ host }: { host: string }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const from = useMemo(() => new Date(Date.now() - DAY_MS).toISOString(), []);
  const { data, isPending, error } = useQuery({
    queryKey: ['health/samples', 'charts', host, from],
    queryFn: async ({ signal }) => {
      const page = (n: number) =>
        dataProvider.getList<SampleLike & { id: string }>('health/samples', {
          pagination: { page: n, perPage: PAGE },
          sort: { field: 'taken_at', order: 'ASC' },
          filter: { host, taken_from: from },
          signal,
        });
      const first = await page(1);
      const pages = Math.min(MAX_PAGES, Math.ceil((first.total ?? 0) / PAGE));
      const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(i + 2)));
      return [first, ...rest].flatMap((p) => p.data);
    },
  });
  const series = useMemo(() => (data ? chartSeries(data) : []), [data]);
  if (isPending) return <LinearProgress aria-label={translate('resources.health.loading_charts')} />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (series.length === 0)
    return <Typography color="text.secondary">{translate('resources.health.no_samples')}</Typography>;
  return (
    <Suspense fallback={<LinearProgress />}>
      <MetricCharts series={series} />
    </Suspense>
  );
}
