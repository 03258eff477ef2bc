// Runs the health rules now (POST /health/evaluate) instead of waiting for the scheduled
// evaluation, then reloads the page's lists so new detections and actions show up.
import PlaylistPlayIcon from '@mui/icons-material/PlaylistPlay';
import { CircularProgress } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type Evaluation = { hosts: Array<{ detections: unknown[]; actions: unknown[] }> };

export function EvaluateButton() {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call<Evaluation>('POST', 'health/evaluate', {}),
    onSuccess: (result) => {
      notify('resources.health.evaluated', {
        type: 'info',
        messageArgs: {
          hosts: result.hosts.length,
          detections: result.hosts.reduce((n, h) => n + h.detections.length, 0),
          actions: result.hosts.reduce((n, h) => n + h.actions.length, 0),
        },
      });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Button
      label="resources.health.evaluate"
      onClick={() => mutate()}
      disabled={isPending}
      startIcon={isPending ? <CircularProgress size={16} /> : <PlaylistPlayIcon />}
    />
  );
}
