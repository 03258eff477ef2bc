import ReplayIcon from '@mui/icons-material/Replay';
import { Stack } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import {
  Button,
  DateField,
  Labeled,
  ListButton,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { JsonField } from '../commands/JsonField.tsx';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { DeliveryAttempts } from './DeliveryAttempts.tsx';
import { OutboxStatusChip } from './OutboxStatusChip.tsx';
import { isRetryable } from './outbox-status.ts';

function RetryButton() {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'outbox' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call('POST', `outbox/${record?.id}/retry`),
    onSuccess: () => {
      notify('resources.outbox.retried', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!canAccess || !isRetryable(record?.status)) return null;
  return (
    <Button label="resources.outbox.retry" startIcon={<ReplayIcon />} onClick={() => mutate()} disabled={isPending} />
  );
}

function Actions() {
  return (
    <TopToolbar>
      <ListButton />
      <RetryButton />
    </TopToolbar>
  );
}

export function OutboxShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Labeled source="status">
            <OutboxStatusChip />
          </Labeled>
          <Labeled>
            <TextField source="event_type" />
          </Labeled>
          <Labeled>
            <TextField source="channel" />
          </Labeled>
          <Labeled>
            <TextField source="target" emptyText="—" />
          </Labeled>
        </Stack>
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Labeled>
            <NumberField source="attempts" />
          </Labeled>
          <Labeled>
            <NumberField source="max_attempts" />
          </Labeled>
          <Labeled>
            <NumberField source="last_status_code" emptyText="—" />
          </Labeled>
          <Labeled>
            <DateField source="created_at" showTime />
          </Labeled>
          <Labeled>
            <DateField source="available_at" showTime />
          </Labeled>
          <Labeled>
            <DateField source="delivered_at" showTime emptyText="—" />
          </Labeled>
        </Stack>
        <TextField source="last_error" emptyText="—" />
        <TextField source="idempotency_key" />
        <Labeled source="payload" fullWidth>
          <JsonField source="payload" />
        </Labeled>
        <Labeled label="resources.outbox.attempts" fullWidth>
          <DeliveryAttempts />
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
}
