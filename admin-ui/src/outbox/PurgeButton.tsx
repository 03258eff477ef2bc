// Deletes delivered and cancelled rows older than N days. The dialog first asks the API for
// a dry-run count, so the confirmation says how many rows will go.
import DeleteSweepIcon from '@mui/icons-material/DeleteSweep';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type PurgeResult = { purged: number; dry_run: boolean };

function PurgeDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [days, setDays] = useState('30');
  const valid = /^\d+$/.test(days) && Number(days) >= 1 && Number(days) <= 3650;
  const purge = (dryRun: boolean) =>
    dataProvider.call<PurgeResult>('POST', 'outbox/purge', { older_than_days: Number(days), dry_run: dryRun });
  const count = useMutation({ mutationFn: () => purge(true) });
  const run = useMutation({
    mutationFn: () => purge(false),
    onSuccess: ({ purged }) => {
      notify('resources.outbox.purge.done', { type: 'success', messageArgs: { smart_count: purged } });
      refresh();
      onClose();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  const busy = count.isPending || run.isPending;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{translate('resources.outbox.purge.title')}</DialogTitle>
      <DialogContent>
        <TextField
          name="older_than_days"
          type="number"
          label={translate('resources.outbox.purge.days')}
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            count.reset();
          }}
          error={!valid}
          helperText={translate('resources.outbox.purge.help')}
          fullWidth
          margin="dense"
          slotProps={{ htmlInput: { min: 1, max: 3650 } }}
        />
        {busy ? <LinearProgress /> : null}
        {count.data ? (
          <Alert severity="warning" role="status">
            {translate('resources.outbox.purge.would', { smart_count: count.data.purged })}
          </Alert>
        ) : null}
        {count.error ? <Alert severity="error">{count.error.message}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} disabled={busy} />
        {count.data ? (
          <Button
            label="resources.outbox.purge.confirm"
            variant="contained"
            color="error"
            onClick={() => run.mutate()}
            disabled={busy || count.data.purged === 0}
          />
        ) : (
          <Button
            label="resources.outbox.purge.count"
            variant="contained"
            onClick={() => count.mutate()}
            disabled={busy || !valid}
          />
        )}
      </DialogActions>
    </Dialog>
  );
}

export function PurgeButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="resources.outbox.purge.button" startIcon={<DeleteSweepIcon />} onClick={() => setOpen(true)} />
      {open ? <PurgeDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
