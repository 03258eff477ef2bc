import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { OUTBOX_STATUS_COLOUR, type OutboxStatus } from './outbox-status.ts';

export function OutboxStatusChip(_props: { source?: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const status = record?.status as OutboxStatus | undefined;
  if (!status) return null;
  return (
    <Chip
      size="small"
      color={OUTBOX_STATUS_COLOUR[status] ?? 'default'}
      label={translate(`resources.outbox.statuses.${status}`, { _: status })}
      data-status={status}
    />
  );
}
