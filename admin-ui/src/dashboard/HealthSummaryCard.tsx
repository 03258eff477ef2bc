// admin-api's own /health: the overall status and each check (database, relay, n8n, backup,
// disk, memory, redis, s3). /health answers 503 when the database is down, with the same body,
// so it is read with fetch, whatever the status.
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { Card, CardContent, CardHeader, Chip, LinearProgress, Stack, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

type Check = { status: string; error?: string; message?: string; latency_ms?: number };
type HealthReport = { status: string; version: string; checks: Record<string, Check> };

const COLOR: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  ok: 'success',
  up: 'success',
  degraded: 'warning',
  down: 'error',
  unavailable: 'error',
  skipped: 'default',
};

async function fetchHealth(signal: AbortSignal): Promise<HealthReport> {
  const response = await fetch('/health', { headers: { Accept: 'application/json' }, signal });
  const body = (await response.json().catch(() => null)) as HealthReport | null;
  if (!body?.checks) throw new Error(`/health answered ${response.status}`);
  return body;
}

export function HealthSummaryCard() {
  const translate = useTranslate();
  const { data, isPending, error } = useQuery({
    queryKey: ['chronos', 'health-report'],
    queryFn: ({ signal }) => fetchHealth(signal),
    refetchInterval: 60_000,
  });
  return (
    <Card sx={{ height: '100%' }} data-testid="health-card">
      <CardHeader
        avatar={<MonitorHeartIcon />}
        title={
          <Link to="/health" style={{ color: 'inherit' }}>
            {translate('chronos.dashboard.health.title')}
          </Link>
        }
        titleTypographyProps={{ variant: 'subtitle1' }}
        action={
          data ? (
            <Chip
              label={translate(`chronos.dashboard.health.status.${data.status}`, { _: data.status })}
              color={COLOR[data.status] ?? 'default'}
              data-testid="health-overall"
            />
          ) : null
        }
        sx={{ pb: 0 }}
      />
      <CardContent>
        {isPending ? <LinearProgress /> : null}
        {error ? <Typography color="error">{translate('chronos.dashboard.health.unreachable')}</Typography> : null}
        {data ? (
          <Stack direction="row" useFlexGap flexWrap="wrap" spacing={1}>
            {Object.entries(data.checks).map(([name, check]) => (
              <Tooltip key={name} title={check.error ?? check.message ?? ''}>
                <Chip
                  size="small"
                  variant="outlined"
                  color={COLOR[check.status] ?? 'default'}
                  label={`${translate(`chronos.dashboard.health.checks.${name}`, { _: name })}: ${translate(
                    `chronos.dashboard.health.status.${check.status}`,
                    { _: check.status },
                  )}`}
                  data-testid={`health-check-${name}`}
                />
              </Tooltip>
            ))}
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}
