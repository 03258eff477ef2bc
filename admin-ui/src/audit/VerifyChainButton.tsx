// POST /api/v1/audit/verify: re-hashes the whole chain. The answer is either "intact (N
// records)" with the head to keep elsewhere, or the first broken link (the API also raises a
// critical security incident then). Verifying is a POST the API refuses to viewers.
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { ResultDialog } from '../layout/ResultDialog.tsx';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type VerifyResult = {
  intact: boolean;
  checked: number;
  first_broken: { seq: number; reason: string } | null;
  head: { seq: number; row_hash: string } | null;
};

export function VerifyChainButton() {
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'audit' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const { mutate, isPending, data, reset } = useMutation({
    mutationFn: () => dataProvider.call<VerifyResult>('POST', 'audit/verify'),
    onError: (error: Error) => {
      setOpen(false);
      notify(error.message, { type: 'error' });
    },
  });
  if (!canAccess) return null;
  const start = () => {
    reset();
    setOpen(true);
    mutate();
  };
  return (
    <>
      <Button
        label="resources.audit.verify.action"
        onClick={start}
        disabled={isPending}
        startIcon={<VerifiedUserIcon />}
      />
      <ResultDialog
        open={open}
        running={isPending}
        onClose={() => setOpen(false)}
        title="resources.audit.verify.title"
        runningText="resources.audit.verify.running"
      >
        {data?.intact ? (
          <Alert severity="success" data-testid="audit-verify-result">
            {translate('resources.audit.verify.intact', { count: data.checked })}
            {data.head ? (
              <Typography variant="body2" sx={{ mt: 1, wordBreak: 'break-all' }}>
                {translate('resources.audit.verify.head', { seq: data.head.seq, hash: data.head.row_hash })}
              </Typography>
            ) : null}
          </Alert>
        ) : null}
        {data && !data.intact ? (
          <Alert severity="error" data-testid="audit-verify-result">
            {translate('resources.audit.verify.broken', {
              seq: data.first_broken?.seq ?? '?',
              reason: data.first_broken?.reason ?? '',
              count: data.checked,
            })}
          </Alert>
        ) : null}
      </ResultDialog>
    </>
  );
}
