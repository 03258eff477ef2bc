// Operator actions on one command — resend, complete (with a result), fail (with an error) —
// each asks for the reason the API requires and audits. Admins only; the buttons appear only
// in the statuses where the API accepts the action.
import DoneIcon from '@mui/icons-material/Done';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, TextField } from '@mui/material';
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
  type HttpError,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { operatorActions, operatorPath, type OperatorAction } from './command-status.ts';
import { parseJsonText } from './params-json.ts';

const ICONS = { resend: <ReplayIcon />, complete: <DoneIcon />, fail: <ErrorOutlineIcon /> };

function bodyOf(action: OperatorAction, reason: string, extra: string) {
  if (action === 'fail') return { reason, error: extra };
  if (action === 'complete') {
    const result = parseJsonText(extra);
    return result === undefined ? { reason } : { reason, result };
  }
  return { reason };
}

function OperatorDialog({ action, onClose }: { action: OperatorAction; onClose: () => void }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [reason, setReason] = useState('');
  const [extra, setExtra] = useState('');
  const { mutate, isPending, error } = useMutation<unknown, HttpError>({
    mutationFn: () =>
      dataProvider.call('POST', operatorPath(String(record?.id), action), bodyOf(action, reason, extra)),
    onSuccess: () => {
      notify(`resources.commands.operator.${action}.done`, { type: 'success' });
      refresh();
      onClose();
    },
  });
  const fieldErrors = (error?.body?.errors ?? {}) as Record<string, string>;
  const ready = reason.trim() !== '' && (action !== 'fail' || extra.trim() !== '');
  return (
    <Dialog open onClose={isPending ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate(`resources.commands.operator.${action}.title`)}</DialogTitle>
      <DialogContent>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error.message}
          </Alert>
        ) : null}
        <TextField
          name="reason"
          label={translate('resources.commands.operator.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={!!fieldErrors.reason}
          helperText={fieldErrors.reason ?? translate('resources.commands.operator.reason_help')}
          required
          fullWidth
          multiline
          margin="dense"
          autoFocus
        />
        {action === 'complete' ? (
          <TextField
            name="result"
            label={translate('resources.commands.operator.result')}
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            error={!!fieldErrors.result}
            helperText={fieldErrors.result ?? translate('resources.commands.operator.result_help')}
            fullWidth
            multiline
            minRows={3}
            margin="dense"
          />
        ) : null}
        {action === 'fail' ? (
          <TextField
            name="error"
            label={translate('resources.commands.operator.error')}
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            error={!!fieldErrors.error}
            helperText={fieldErrors.error}
            required
            fullWidth
            multiline
            margin="dense"
          />
        ) : null}
        {isPending ? <LinearProgress sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} disabled={isPending} />
        <Button
          label={`resources.commands.operator.${action}.confirm`}
          variant="contained"
          onClick={() => mutate()}
          disabled={!ready || isPending}
        />
      </DialogActions>
    </Dialog>
  );
}

export function OperatorActionButtons() {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'commands' });
  const [open, setOpen] = useState<OperatorAction>();
  if (!record || !canAccess) return null;
  return (
    <>
      {operatorActions(record.status).map((action) => (
        <Button
          key={action}
          label={`resources.commands.operator.${action}.button`}
          startIcon={ICONS[action]}
          onClick={() => setOpen(action)}
        />
      ))}
      {open ? <OperatorDialog action={open} onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}
