// Verify: the API re-reads the stored archive and checks its SHA-256 and every file's; the
// dialog lists each file's result and the backup's verification fields are refreshed.
import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Alert, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { ResultDialog } from '../layout/ResultDialog.tsx';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type Verified = { verify_status: string; verify_error: string | null; verify_files: Record<string, string> };

export function VerifyBackupButton() {
  const record = useRecordContext<{ id: string; status: string }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'backups' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending, data, reset } = useMutation({
    mutationFn: () => dataProvider.call<Verified>('POST', `backups/${record?.id}/verify`),
    onSuccess: () => refresh(),
    onError: (error: Error) => {
      setOpen(false);
      notify(error.message, { type: 'error' });
    },
  });
  if (!canAccess || record?.status !== 'completed') return null;
  const files = Object.entries(data?.verify_files ?? {});
  return (
    <>
      <Button
        label="resources.backups.verify.action"
        onClick={() => {
          reset();
          setOpen(true);
          mutate();
        }}
        disabled={isPending}
        startIcon={<FactCheckIcon />}
      />
      <ResultDialog
        open={open}
        running={isPending}
        onClose={() => setOpen(false)}
        title="resources.backups.verify.title"
        runningText="resources.backups.verify.running"
      >
        {data ? (
          <>
            <Alert severity={data.verify_status === 'ok' ? 'success' : 'error'} data-testid="verify-result">
              {data.verify_status === 'ok'
                ? translate('resources.backups.verify.ok', { count: files.length })
                : translate('resources.backups.verify.bad', { error: data.verify_error ?? data.verify_status })}
            </Alert>
            {files.length ? (
              <Table size="small" sx={{ mt: 2 }}>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.backups.verify.file')}</TableCell>
                    <TableCell>{translate('resources.backups.verify.result')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {files.map(([file, result]) => (
                    <TableRow key={file}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{file}</TableCell>
                      <TableCell sx={{ color: result === 'ok' ? 'success.main' : 'error.main' }}>{result}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </>
        ) : null}
      </ResultDialog>
    </>
  );
}
