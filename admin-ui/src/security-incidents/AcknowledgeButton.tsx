// Acknowledge an open incident (admins; the API makes it idempotent and audits it).
import DoneIcon from '@mui/icons-material/Done';
import { CircularProgress } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

export function AcknowledgeButton(_props: { label?: string }) {
  const record = useRecordContext<{ id: string; open: boolean }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'security-incidents' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call('POST', `security-incidents/${record?.id}/acknowledge`),
    onSuccess: () => {
      notify('resources.security-incidents.acknowledged', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!canAccess || !record?.open) return null;
  return (
    <Button
      label="resources.security-incidents.acknowledge"
      onClick={(event: MouseEvent) => {
        event.stopPropagation(); // in a list row, do not open the incident as well
        mutate();
      }}
      disabled={isPending}
      startIcon={isPending ? <CircularProgress size={16} /> : <DoneIcon />}
    />
  );
}
