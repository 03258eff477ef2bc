// A host's newest sample at a glance: age, CPU, memory, the fullest disk, each GPU and the
// services the agent watches (down ones in red). Selecting the card shows its 24 h charts.
import {
  Box,
  Card,
  CardActionArea,
  CardContent,
  CardHeader,
  Chip,
  LinearProgress,
  Stack,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { ageParts } from '../dashboard/backup-state.ts';
import { hostFigures } from './host-metrics.ts';

export type HealthHost = {
  id: string;
  host: string;
  taken_at: string;
  age_s: number;
  agent_version: string | null;
  metrics: Record<string, unknown>;
};

/** An agent reports every minute; five minutes of silence means it (or its host) is gone. */
const STALE_AFTER_S = 300;

function Gauge({ label, percent, testId }: { label: string; percent: number | null; testId: string }) {
  return (
    <Box data-testid={testId}>
      <Stack direction="row" justifyContent="space-between">
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" data-testid={`${testId}-value`}>
          {percent === null ? '—' : `${Math.round(percent * 10) / 10} %`}
        </Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={percent ?? 0}
        color={percent !== null && percent >= 90 ? 'error' : percent !== null && percent >= 75 ? 'warning' : 'primary'}
      />
    </Box>
  );
}

export function HostCard({ host, selected, onSelect }: { host: HealthHost; selected: boolean; onSelect: () => void }) {
  const translate = useTranslate();
  const figures = hostFigures(host.metrics);
  const [amount, unit] = ageParts(Date.now() - host.age_s * 1000, Date.now());
  const stale = host.age_s > STALE_AFTER_S;
  return (
    <Card variant={selected ? 'elevation' : 'outlined'} raised={selected} data-testid={`host-${host.host}`}>
      <CardActionArea onClick={onSelect} aria-pressed={selected}>
        <CardHeader
          title={host.host}
          subheader={`${translate('resources.health.sample_age', {
            age: translate(`chronos.dashboard.age.${unit}`, { smart_count: amount }),
          })}${host.agent_version ? ` · agent ${host.agent_version}` : ''}`}
          action={stale ? <Chip color="warning" size="small" label={translate('resources.health.stale')} /> : null}
          sx={{ pb: 0 }}
        />
        <CardContent>
          <Stack spacing={1}>
            <Gauge
              label={translate('resources.health.metrics.cpu')}
              percent={figures.cpu_percent}
              testId={`${host.host}-cpu`}
            />
            <Gauge
              label={translate('resources.health.metrics.memory')}
              percent={figures.memory_used_percent}
              testId={`${host.host}-memory`}
            />
            {figures.disks.map((disk) => (
              <Gauge
                key={disk.path}
                label={translate('resources.health.disk_used', { path: disk.path })}
                percent={disk.free_percent === null ? null : 100 - disk.free_percent}
                testId={`${host.host}-disk-${disk.path}`}
              />
            ))}
            {figures.gpus.map((gpu) => (
              <Typography key={gpu.index} variant="body2" data-testid={`${host.host}-gpu-${gpu.index}`}>
                {`GPU ${gpu.index}${gpu.name ? ` (${gpu.name})` : ''}: ${gpu.utilization_percent ?? '—'} % · ${
                  gpu.temperature_c ?? '—'
                } °C · ${translate('resources.health.gpu_memory', { percent: gpu.memory_used_percent ?? '—' })}`}
              </Typography>
            ))}
            {figures.gpu_error ? (
              <Typography variant="body2" color="error">
                {figures.gpu_error}
              </Typography>
            ) : null}
            <Stack direction="row" useFlexGap flexWrap="wrap" spacing={0.5}>
              {figures.services.map((service) => (
                <Chip
                  key={service.name}
                  size="small"
                  color={service.status === 'up' ? 'success' : 'error'}
                  variant={service.status === 'up' ? 'outlined' : 'filled'}
                  label={`${service.name}: ${translate(`resources.health.service_status.${service.status}`, {
                    _: service.status,
                  })}`}
                />
              ))}
            </Stack>
          </Stack>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
