import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { STATUS_COLOUR, type CommandStatus } from './command-status.ts';

export function CommandStatusChip({ source = 'status' }: { source?: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const status = record?.[source] as CommandStatus | undefined;
  if (!status) return null;
  return (
    <Chip
      size="small"
      color={STATUS_COLOUR[status] ?? 'default'}
      label={translate(`resources.commands.statuses.${status}`, { _: status })}
      data-status={status}
    />
  );
}
