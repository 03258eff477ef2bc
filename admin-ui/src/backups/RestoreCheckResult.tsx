// One restore check: a progress bar while it runs (polling GET /backup-restores/{id}), then
// the overall result and each integrity check with its detail.
import {
  Alert,
  Box,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type Check = { name: string; ok: boolean; detail: string };
type Restore = {
  id: string;
  status: 'running' | 'completed' | 'failed';
  error: string | null;
  details: { checks?: Check[] };
};

export function RestoreCheckResult({ id, onFinished }: { id: string; onFinished?: () => void }) {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const { data, error } = useQuery({
    queryKey: ['backup-restores', 'progress', id],
    queryFn: () => dataProvider.call<Restore>('GET', `backup-restores/${id}`),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 1000),
  });
  const finished = data && data.status !== 'running';
  // Once per finish: a finished record no longer changes, so the dependency is its status.
  useEffect(() => {
    if (finished) onFinished?.();
  }, [finished]);

  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data || data.status === 'running')
    return (
      <Box data-testid="restore-progress">
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('resources.backups.restore.running')}
        </Typography>
        <LinearProgress />
      </Box>
    );
  const checks = data.details?.checks ?? [];
  return (
    <>
      <Alert severity={data.status === 'completed' ? 'success' : 'error'} data-testid="restore-result">
        {data.status === 'completed'
          ? translate('resources.backups.restore.completed')
          : translate('resources.backups.restore.failed', { error: data.error ?? data.status })}
      </Alert>
      {checks.length ? (
        <Table size="small" sx={{ mt: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.backups.restore.check')}</TableCell>
              <TableCell>{translate('resources.backups.restore.result')}</TableCell>
              <TableCell>{translate('resources.backups.restore.detail')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {checks.map((check) => (
              <TableRow key={check.name}>
                <TableCell>{translate(`resources.backups.restore.checks.${check.name}`, { _: check.name })}</TableCell>
                <TableCell sx={{ color: check.ok ? 'success.main' : 'error.main' }}>
                  {translate(check.ok ? 'resources.backups.restore.passed' : 'resources.backups.restore.not_passed')}
                </TableCell>
                <TableCell>{check.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </>
  );
}
