// The console's start page: what is planned (events today and this week), what automates it
// (templates, active rules), what is stuck (outbox, commands), whether backups and the API are
// healthy, and who changed what last. Every card loads on its own and in parallel, so the page
// paints at once and a slow or refused request only blanks its own figure.
import AutoModeIcon from '@mui/icons-material/AutoMode';
import EventIcon from '@mui/icons-material/Event';
import OutboxIcon from '@mui/icons-material/Outbox';
import TerminalIcon from '@mui/icons-material/Terminal';
import { Grid, Typography } from '@mui/material';
import { useMemo } from 'react';
import { Title, useTranslate } from 'react-admin';
import { BackupCard } from './BackupCard.tsx';
import { CountsCard } from './CountsCard.tsx';
import { HealthSummaryCard } from './HealthSummaryCard.tsx';
import { RecentAuditCard } from './RecentAuditCard.tsx';
import { todayWindow, weekWindow } from './time-windows.ts';

const byStart = { field: 'start_at', order: 'ASC' } as const;
const byName = { field: 'name', order: 'ASC' } as const;
const byCreated = { field: 'created_at', order: 'DESC' } as const;

const COMMAND_STATUSES = ['PENDING', 'PROCESSING', 'FAILED', 'COMPLETED'] as const;

export function Dashboard() {
  const translate = useTranslate();
  const [today, week] = useMemo(() => {
    const now = new Date();
    return [todayWindow(now), weekWindow(now)];
  }, []);
  return (
    <>
      <Title title={translate('chronos.dashboard.title')} />
      <Typography variant="h5" sx={{ mt: 2, mb: 2 }}>
        {translate('chronos.dashboard.title')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, lg: 3 }}>
          <CountsCard
            title="chronos.dashboard.events.title"
            icon={<EventIcon />}
            rows={[
              {
                id: 'events-today',
                label: 'chronos.dashboard.events.today',
                resource: 'events',
                filter: today,
                sort: byStart,
              },
              {
                id: 'events-week',
                label: 'chronos.dashboard.events.week',
                resource: 'events',
                filter: week,
                sort: byStart,
              },
            ]}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, lg: 3 }}>
          <CountsCard
            title="chronos.dashboard.automation.title"
            icon={<AutoModeIcon />}
            rows={[
              { id: 'templates', label: 'chronos.dashboard.automation.templates', resource: 'templates', sort: byName },
              {
                id: 'rules-active',
                label: 'chronos.dashboard.automation.active_rules',
                resource: 'rules',
                filter: { enabled: true },
                sort: byName,
              },
            ]}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, lg: 3 }}>
          <CountsCard
            title="chronos.dashboard.outbox.title"
            icon={<OutboxIcon />}
            rows={[
              {
                id: 'outbox-pending',
                label: 'chronos.dashboard.outbox.pending',
                resource: 'outbox',
                filter: { status: 'pending' },
                sort: byCreated,
              },
              {
                id: 'outbox-dead',
                label: 'chronos.dashboard.outbox.dead',
                resource: 'outbox',
                filter: { status: 'dead' },
                sort: byCreated,
                warnAboveZero: true,
              },
            ]}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, lg: 3 }}>
          <CountsCard
            title="chronos.dashboard.commands.title"
            icon={<TerminalIcon />}
            rows={COMMAND_STATUSES.map((status) => ({
              id: `commands-${status.toLowerCase()}`,
              label: `chronos.dashboard.commands.${status.toLowerCase()}`,
              resource: 'commands',
              filter: { status },
              sort: byCreated,
              warnAboveZero: status === 'FAILED',
            }))}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <BackupCard />
        </Grid>
        <Grid size={{ xs: 12, md: 8 }}>
          <HealthSummaryCard />
        </Grid>
        <Grid size={12}>
          <RecentAuditCard />
        </Grid>
      </Grid>
    </>
  );
}
