// Bulk retry of the selected dead rows (POST /outbox/retry with their ids); rows in other
// statuses are left alone and counted in the notification.
import ReplayIcon from '@mui/icons-material/Replay';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useListContext, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { deadIds } from './outbox-status.ts';

export function BulkRetryButton() {
  const { data, selectedIds } = useListContext<{ id: string; status: string }>();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('outbox');
  const selected = (data ?? []).filter((row) => selectedIds.includes(row.id));
  const { ids, skipped } = deadIds(selected);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call<{ retried: number }>('POST', 'outbox/retry', { ids }),
    onSuccess: ({ retried }) => {
      notify('resources.outbox.bulk_retried', { type: 'success', messageArgs: { smart_count: retried, skipped } });
      unselectAll();
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Button
      label="resources.outbox.bulk_retry"
      startIcon={<ReplayIcon />}
      onClick={() => mutate()}
      disabled={isPending || ids.length === 0}
    />
  );
}
