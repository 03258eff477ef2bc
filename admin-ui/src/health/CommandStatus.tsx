// The HEALING command behind a healing action: its status, attempts and error, polled while
// the agent has not finished it, so the operator sees the outcome without reloading.
import { Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';

type Command = { id: string; status: string; attempts: number; last_error: string | null };

const OPEN = new Set(['PENDING', 'PROCESSING']);
const COLOR: Record<string, 'default' | 'info' | 'success' | 'error'> = {
  PENDING: 'default',
  PROCESSING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
};

export function CommandStatus(_props: { label?: string }) {
  const translate = useTranslate();
  const record = useRecordContext<{ command_id: string | null }>();
  const id = record?.command_id ?? '';
  const { data, isPending, error } = useGetOne<Command>(
    'commands',
    { id },
    { enabled: !!id, refetchInterval: (query) => (OPEN.has(query.state.data?.status ?? 'PENDING') ? 3000 : false) },
  );
  if (!id) return <Typography variant="body2">{translate('resources.healing-actions.no_command')}</Typography>;
  if (isPending) return <CircularProgress size={18} />;
  if (error || !data)
    return <Typography color="error">{translate('resources.healing-actions.command_unreadable')}</Typography>;
  return (
    <Stack direction="row" spacing={1} alignItems="center" data-testid="command-status">
      <Chip
        size="small"
        color={COLOR[data.status] ?? 'default'}
        label={translate(`resources.healing-actions.command_statuses.${data.status}`, { _: data.status })}
      />
      {OPEN.has(data.status) ? <CircularProgress size={14} /> : null}
      <Typography variant="body2" color="text.secondary">
        {translate('resources.healing-actions.attempts', { smart_count: data.attempts })}
        {data.last_error ? ` · ${data.last_error}` : ''}
      </Typography>
    </Stack>
  );
}
