// "Back up now": starts a manual backup (202 with the record) and follows it in a dialog until
// it completes or fails. A second backup while one runs is refused by the API (409), and a
// backup setting that cannot work is a 422: both arrive as the API's message.
import BackupIcon from '@mui/icons-material/Backup';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Button, useCanAccess, useDataProvider, useNotify, useRefresh, useStore, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { BackupProgress } from './BackupProgress.tsx';

export function BackUpNowButton() {
  const { canAccess } = useCanAccess({ action: 'create', resource: 'backups' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  // In the store, not component state: starting the first backup turns the empty page into
  // the list, which mounts another instance of this button that must keep following it.
  const [runningId, setRunningId] = useStore<string | null>('backups.now.following', null);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call<{ id: string }>('POST', 'backups', { kind: 'manual' }),
    onSuccess: (backup) => {
      setRunningId(backup.id);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!canAccess) return null;
  return (
    <>
      <Button
        label="resources.backups.now.action"
        onClick={() => mutate()}
        disabled={isPending || runningId !== null}
        startIcon={<BackupIcon />}
      />
      <Dialog open={runningId !== null} fullWidth maxWidth="sm" aria-labelledby="backup-now-title">
        <DialogTitle id="backup-now-title">{translate('resources.backups.now.title')}</DialogTitle>
        <DialogContent>
          {runningId ? <BackupProgress id={runningId} onFinished={() => refresh()} /> : null}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {translate('resources.backups.now.hint')}
          </Typography>
        </DialogContent>
        <DialogActions>
          <MuiButton
            onClick={() => {
              setRunningId(null);
              refresh();
            }}
          >
            {translate('resources.backups.now.close')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
