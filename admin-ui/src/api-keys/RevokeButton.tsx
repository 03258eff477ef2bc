// Revoke at once, after a confirmation: every client using the key is refused from now on.
import BlockIcon from '@mui/icons-material/Block';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

export function RevokeButton() {
  const record = useRecordContext<{ id: string; name: string; status: string }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'api-keys' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call('POST', `api-keys/${record?.id}/revoke`),
    onSuccess: () => {
      setOpen(false);
      notify('resources.api-keys.revoke.done', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!canAccess || !record || (record.status !== 'active' && record.status !== 'grace')) return null;
  return (
    <>
      <Button
        label="resources.api-keys.revoke.action"
        onClick={() => setOpen(true)}
        startIcon={<BlockIcon />}
        color="error"
        disabled={isPending}
      />
      <Confirm
        isOpen={open}
        loading={isPending}
        title="resources.api-keys.revoke.title"
        titleTranslateOptions={{ name: record.name }}
        content="resources.api-keys.revoke.content"
        confirmColor="warning"
        onConfirm={() => mutate()}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
