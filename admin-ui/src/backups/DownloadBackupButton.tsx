// Download the archive with the session token (see download-archive.ts), with progress. Not
// for viewers: the API refuses them, as the archive holds the whole database.
import DownloadIcon from '@mui/icons-material/Download';
import { CircularProgress } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useCanAccess, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { downloadArchive, type DownloadProgress } from './download-archive.ts';

export function DownloadBackupButton() {
  const record = useRecordContext<{ id: string; status: string }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'backups' });
  const translate = useTranslate();
  const notify = useNotify();
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const { mutate, isPending } = useMutation({
    mutationFn: () => downloadArchive(String(record?.id), setProgress),
    onSettled: () => setProgress(null),
    onError: (error: Error) =>
      notify('resources.backups.download.failed', { type: 'error', messageArgs: { error: error.message } }),
  });
  if (!canAccess || record?.status !== 'completed') return null;
  const percent = progress?.total ? `${Math.round((progress.received / progress.total) * 100)} %` : '';
  return (
    <Button
      label={
        isPending ? translate('resources.backups.download.progress', { percent }) : 'resources.backups.download.action'
      }
      onClick={() => mutate()}
      disabled={isPending}
      startIcon={isPending ? <CircularProgress size={16} /> : <DownloadIcon />}
    />
  );
}
