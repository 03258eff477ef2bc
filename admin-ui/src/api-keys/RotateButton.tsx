// Rotate: a new key replaces this one, the old one keeps working for the chosen grace period.
// The new secret is shown once (SecretDialog); closing it opens the new key's page.
import AutorenewIcon from '@mui/icons-material/Autorenew';
import {
  Button as MuiButton,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  useCanAccess,
  useDataProvider,
  useLocale,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { SecretDialog } from './SecretDialog.tsx';

type Rotated = { id: string; key: string; until: string };

export function RotateButton() {
  const record = useRecordContext<{ id: string; status: string }>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'api-keys' });
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const [open, setOpen] = useState(false);
  const [graceHours, setGraceHours] = useState('24');
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const hours = Number(graceHours);
  const validHours = graceHours !== '' && Number.isInteger(hours) && hours >= 0 && hours <= 720;

  const { mutate, isPending } = useMutation({
    mutationFn: () =>
      dataProvider.call<{ id: string; key: string }>('POST', `api-keys/${record?.id}/rotate`, { grace_hours: hours }),
    onSuccess: (fresh) => {
      setOpen(false);
      const until = new Date(Date.now() + hours * 3_600_000).toLocaleString(locale);
      setRotated({ id: fresh.id, key: fresh.key, until });
      notify('resources.api-keys.rotate.done', { type: 'success' });
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  if (!canAccess || record?.status !== 'active') return null;
  return (
    <>
      <Button label="resources.api-keys.rotate.action" onClick={() => setOpen(true)} startIcon={<AutorenewIcon />} />
      <Dialog open={open} onClose={() => !isPending && setOpen(false)} aria-labelledby="rotate-title">
        <DialogTitle id="rotate-title">{translate('resources.api-keys.rotate.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('resources.api-keys.rotate.explanation')}</DialogContentText>
          <TextField
            name="grace_hours"
            type="number"
            label={translate('resources.api-keys.rotate.grace_hours')}
            value={graceHours}
            onChange={(event) => setGraceHours(event.target.value)}
            error={!validHours}
            helperText={validHours ? undefined : translate('ra.validation.maxValue', { max: 720 })}
            slotProps={{ htmlInput: { min: 0, max: 720, step: 1 } }}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)} disabled={isPending}>
            {translate('ra.action.cancel')}
          </MuiButton>
          <MuiButton
            variant="contained"
            onClick={() => mutate()}
            disabled={isPending || !validHours}
            startIcon={isPending ? <CircularProgress size={16} /> : <AutorenewIcon />}
          >
            {translate('resources.api-keys.rotate.confirm')}
          </MuiButton>
        </DialogActions>
      </Dialog>
      {rotated ? (
        <SecretDialog
          secret={rotated.key}
          title="resources.api-keys.secret.rotated_title"
          hint={translate('resources.api-keys.secret.rotated_hint', { until: rotated.until })}
          onClose={() => {
            const id = rotated.id;
            setRotated(null);
            refresh();
            redirect('show', 'api-keys', id);
          }}
        />
      ) : null}
    </>
  );
}
