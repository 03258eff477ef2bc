// Follows one running backup: polls GET /backups/{id} every second until it completes or
// fails, showing the phase, the percentage (or an indeterminate bar while the API has no
// estimate) and the bytes written.
import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { describeProgress, formatBytes, type BackupProgressFields } from './backup-progress.ts';

type Backup = BackupProgressFields & { id: string; size_bytes: number | null; error: string | null };

export function BackupProgress({ id, onFinished }: { id: string; onFinished?: (backup: Backup) => void }) {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const locale = useLocale();
  const { data, error } = useQuery({
    queryKey: ['backups', 'progress', id],
    queryFn: () => dataProvider.call<Backup>('GET', `backups/${id}`),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 1000),
  });
  const finishedStatus = data && data.status !== 'running' ? data.status : null;
  // Once per finish: a finished record no longer changes, so the dependency is its status.
  useEffect(() => {
    if (finishedStatus && data) onFinished?.(data);
  }, [finishedStatus]);

  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data) return <LinearProgress />;
  const view = describeProgress(data);
  if (data.status === 'completed')
    return (
      <Alert severity="success" data-testid="backup-result">
        {translate('resources.backups.now.completed', { size: formatBytes(data.size_bytes, locale) })}
      </Alert>
    );
  if (data.status === 'failed' || data.status === 'deleted')
    return (
      <Alert severity="error" data-testid="backup-result">
        {translate('resources.backups.now.failed', { error: data.error ?? data.status })}
      </Alert>
    );
  return (
    <Box data-testid="backup-progress">
      <Typography variant="body2" sx={{ mb: 1 }}>
        {view.phase ? translate(`resources.backups.phases.${view.phase}`) : translate('ra.page.loading')}
        {view.percent !== null ? ` · ${view.percent} %` : ''}
      </Typography>
      <LinearProgress
        variant={view.percent === null ? 'indeterminate' : 'determinate'}
        value={view.percent ?? undefined}
        aria-label={translate('resources.backups.fields.progress')}
      />
      {view.bytesDone !== null ? (
        <Typography variant="caption" color="text.secondary">
          {translate('resources.backups.now.bytes', { bytes: formatBytes(view.bytesDone, locale) })}
        </Typography>
      ) : null}
    </Box>
  );
}
