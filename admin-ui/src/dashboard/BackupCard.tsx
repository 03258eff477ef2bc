// The newest backup: how old it is and whether it worked. A failed backup, one older than a
// day, or none at all is shown as a warning — restoring needs a recent, good archive.
import BackupIcon from '@mui/icons-material/Backup';
import { Alert, Card, CardActionArea, CardContent, CardHeader, LinearProgress, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { ageParts, BACKUP_NEEDS_ATTENTION, backupState, type BackupLike } from './backup-state.ts';

type Backup = BackupLike & { id: string; kind: string; error: string | null };

export function BackupCard() {
  const translate = useTranslate();
  const { data, isPending, error } = useGetList<Backup>('backups', {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'started_at', order: 'DESC' },
  });
  const latest = data?.[0];
  const now = Date.now();
  const state = backupState(latest, now);
  const age = latest ? ageParts(Date.parse(latest.finished_at ?? latest.started_at), now) : null;
  return (
    <Card sx={{ height: '100%' }} data-testid="backup-card">
      <CardActionArea component={Link} to="/backups" sx={{ height: '100%', alignItems: 'start' }}>
        <CardHeader
          avatar={<BackupIcon />}
          title={translate('chronos.dashboard.backup.title')}
          titleTypographyProps={{ variant: 'subtitle1' }}
          sx={{ pb: 0 }}
        />
        <CardContent>
          {isPending ? (
            <LinearProgress />
          ) : error ? (
            <Typography color="text.disabled">{translate('chronos.dashboard.count_failed')}</Typography>
          ) : (
            <>
              {age ? (
                <Typography variant="h6" data-testid="backup-age">
                  {translate(`chronos.dashboard.age.${age[1]}`, { smart_count: age[0] })}
                </Typography>
              ) : null}
              <Alert
                severity={BACKUP_NEEDS_ATTENTION.has(state) ? 'warning' : state === 'running' ? 'info' : 'success'}
                data-testid="backup-state"
                sx={{ mt: 1 }}
              >
                {translate(`chronos.dashboard.backup.${state}`)}
                {state === 'failed' && latest?.error ? `: ${latest.error}` : ''}
              </Alert>
            </>
          )}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
