// Host health: every host's newest sample, 24 h charts of the selected host, the open
// detections and the latest healing actions. Admins may run the rules now and request a
// healing action; viewers see the same page without those buttons.
import HealingIcon from '@mui/icons-material/Healing';
import { Box, Chip, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, Title, useCanAccess, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { EvaluateButton } from './EvaluateButton.tsx';
import { HostCard, type HealthHost } from './HostCard.tsx';
import { HostCharts } from './HostCharts.tsx';
import { RecentTable } from './RecentTable.tsx';

type HealthEvent = {
  id: string;
  host: string;
  kind: string;
  severity: string;
  metric: string | null;
  occurred_at: string;
};
type HealingAction = {
  id: string;
  host: string;
  action: string;
  target: string | null;
  status: string;
  requested_at: string;
  outcome: string | null;
};

const SEVERITY_COLOR: Record<string, 'info' | 'warning' | 'error'> = {
  info: 'info',
  warning: 'warning',
  critical: 'error',
};

export function HealthPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const when = (iso: string) => new Date(iso).toLocaleString(locale);
  const { canAccess: mayHeal } = useCanAccess({ action: 'create', resource: 'healing-actions' });
  const hosts = useGetList<HealthHost>('health/hosts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'host', order: 'ASC' },
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? hosts.data?.[0]?.host ?? null;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('resources.health.title')} />
      <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 2 }}>
        <Typography variant="h5">{translate('resources.health.title')}</Typography>
        {mayHeal ? (
          <Stack direction="row" spacing={1}>
            <EvaluateButton />
            <Button
              component={Link}
              to="/healing-actions/create"
              state={{ record: selected ? { host: selected } : {} }}
              label="resources.health.heal"
              variant="contained"
              startIcon={<HealingIcon />}
            />
          </Stack>
        ) : null}
      </Stack>

      <Typography variant="h6" sx={{ mb: 1 }}>
        {translate('resources.health.hosts')}
      </Typography>
      {hosts.isPending ? <LinearProgress /> : null}
      {hosts.error ? <Typography color="error">{(hosts.error as Error).message}</Typography> : null}
      {hosts.data?.length === 0 ? (
        <Typography color="text.secondary">{translate('resources.health.no_hosts')}</Typography>
      ) : null}
      <Grid container spacing={2}>
        {hosts.data?.map((host) => (
          <Grid key={host.id} size={{ xs: 12, md: 6, lg: 4 }}>
            <HostCard host={host} selected={host.host === selected} onSelect={() => setChosen(host.host)} />
          </Grid>
        ))}
      </Grid>

      {selected ? (
        <Box sx={{ mt: 3 }} data-testid="host-charts">
          <Typography variant="h6" sx={{ mb: 1 }}>
            {translate('resources.health.charts_title', { host: selected })}
          </Typography>
          <HostCharts key={selected} host={selected} />
        </Box>
      ) : null}

      <Grid container spacing={2} sx={{ mt: 2 }}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RecentTable<HealthEvent>
            resource="health-events"
            title="resources.health.open_events"
            filter={{ open: true }}
            sort={{ field: 'occurred_at', order: 'DESC' }}
            empty="resources.health.no_open_events"
            columns={[
              { label: 'resources.health-events.fields.occurred_at', render: (e) => when(e.occurred_at) },
              { label: 'resources.health-events.fields.host', render: (e) => e.host },
              {
                label: 'resources.health-events.fields.severity',
                render: (e) => (
                  <Chip
                    size="small"
                    color={SEVERITY_COLOR[e.severity] ?? 'default'}
                    label={translate(`resources.health-events.severities.${e.severity}`, { _: e.severity })}
                  />
                ),
              },
              { label: 'resources.health-events.fields.kind', render: (e) => e.kind },
              { label: 'resources.health-events.fields.metric', render: (e) => e.metric ?? '—' },
            ]}
          />
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RecentTable<HealingAction>
            resource="healing-actions"
            title="resources.health.recent_actions"
            sort={{ field: 'requested_at', order: 'DESC' }}
            empty="resources.health.no_actions"
            columns={[
              { label: 'resources.healing-actions.fields.requested_at', render: (a) => when(a.requested_at) },
              { label: 'resources.healing-actions.fields.host', render: (a) => a.host },
              {
                label: 'resources.healing-actions.fields.action',
                render: (a) => `${a.action}${a.target ? ` ${a.target}` : ''}`,
              },
              {
                label: 'resources.healing-actions.fields.status',
                render: (a) => translate(`resources.healing-actions.statuses.${a.status}`, { _: a.status }),
              },
              { label: 'resources.healing-actions.fields.outcome', render: (a) => a.outcome ?? '—' },
            ]}
          />
        </Grid>
      </Grid>
    </Box>
  );
}
