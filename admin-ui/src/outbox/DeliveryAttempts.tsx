// The delivery attempts of one outbox row, oldest first: when, how long, the receiver's
// status code, and the error or the start of its response.
import { Alert, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type Attempt = {
  id: string;
  attempt: number;
  started_at: string;
  duration_ms: number | null;
  outcome: string | null;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
};

export function DeliveryAttempts() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const { data, isPending, error } = useQuery({
    // The row's own updated_at in the key: a retry (or a refresh after one) reloads the attempts.
    queryKey: ['outbox', 'attempts', record?.id, record?.updated_at],
    queryFn: () => dataProvider.call<Attempt[]>('GET', `outbox/${record?.id}/attempts`),
    enabled: !!record,
  });
  if (isPending) return <LinearProgress />;
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!data?.length) return <Typography variant="body2">{translate('resources.outbox.no_attempts')}</Typography>;
  return (
    <Table size="small" aria-label={translate('resources.outbox.attempts')}>
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>{translate('resources.outbox.attempt_fields.started_at')}</TableCell>
          <TableCell>{translate('resources.outbox.attempt_fields.duration')}</TableCell>
          <TableCell>{translate('resources.outbox.attempt_fields.outcome')}</TableCell>
          <TableCell>{translate('resources.outbox.attempt_fields.status_code')}</TableCell>
          <TableCell>{translate('resources.outbox.attempt_fields.error')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((attempt) => (
          <TableRow key={attempt.id}>
            <TableCell>{attempt.attempt}</TableCell>
            <TableCell>{new Date(attempt.started_at).toLocaleString()}</TableCell>
            <TableCell>{attempt.duration_ms === null ? '—' : `${attempt.duration_ms} ms`}</TableCell>
            <TableCell>{attempt.outcome ?? '—'}</TableCell>
            <TableCell>{attempt.status_code ?? '—'}</TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>{attempt.error ?? attempt.response_excerpt ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
