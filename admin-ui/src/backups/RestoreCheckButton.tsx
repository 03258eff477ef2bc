// Restore check: restores the backup into a scratch database and runs the integrity checks
// (202 with the restore record); the dialog follows it until its result is in.
import SettingsBackupRestoreIcon from '@mui/icons-material/SettingsBackupRestore';
import {
  Button as MuiButton,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { RestoreCheckResult } from './RestoreCheckResult.tsx';

export function RestoreCheckButton() {
  const record = useRecordContext<{ id: string; status: string }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'backups' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [restoreId, setRestoreId] = useState<string | null>(null);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call<{ id: string }>('POST', `backups/${record?.id}/restore-check`),
    onSuccess: (restore) => setRestoreId(restore.id),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!canAccess || record?.status !== 'completed') return null;
  const close = () => {
    setOpen(false);
    setRestoreId(null);
    refresh();
  };
  return (
    <>
      <Button
        label="resources.backups.restore.action"
        onClick={() => setOpen(true)}
        startIcon={<SettingsBackupRestoreIcon />}
      />
      <Dialog open={open} onClose={() => !isPending && close()} fullWidth maxWidth="md" aria-labelledby="restore-title">
        <DialogTitle id="restore-title">{translate('resources.backups.restore.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('resources.backups.restore.explanation')}</DialogContentText>
          {restoreId ? <RestoreCheckResult id={restoreId} onFinished={refresh} /> : null}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={close} disabled={isPending}>
            {translate('ra.action.close')}
          </MuiButton>
          {restoreId ? null : (
            <MuiButton
              variant="contained"
              onClick={() => mutate()}
              disabled={isPending}
              startIcon={isPending ? <CircularProgress size={16} /> : <SettingsBackupRestoreIcon />}
            >
              {translate('resources.backups.restore.action')}
            </MuiButton>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
