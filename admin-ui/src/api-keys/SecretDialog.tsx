// The one moment an API key's secret is visible: right after create or rotate. It lives only
// in this dialog's props (never in react-admin's record cache or a form), with a copy button
// and a warning that it cannot be shown again.
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  InputAdornment,
  TextField,
  Typography,
} from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';

async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Outside a secure context there is no async clipboard API: copy the selection instead.
  fallbackInput?.select();
  if (!document.execCommand('copy')) throw new Error('copy refused');
}

export function SecretDialog({
  secret,
  title,
  hint,
  onClose,
}: {
  secret: string;
  title: string;
  hint?: string;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const inputId = 'api-key-secret';
  const copy = () =>
    copyText(secret, document.getElementById(inputId) as HTMLInputElement | null).then(
      () => notify('resources.api-keys.secret.copied', { type: 'success' }),
      () => notify('resources.api-keys.secret.copy_failed', { type: 'warning' }),
    );
  return (
    <Dialog open fullWidth maxWidth="md" aria-labelledby="api-key-secret-title">
      <DialogTitle id="api-key-secret-title">{translate(title)}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('resources.api-keys.secret.warning')}
        </Alert>
        <TextField
          id={inputId}
          label={translate('resources.api-keys.secret.label')}
          value={secret}
          fullWidth
          slotProps={{
            input: {
              readOnly: true,
              sx: { fontFamily: 'monospace' },
              endAdornment: (
                <InputAdornment position="end">
                  <Button onClick={copy} startIcon={<ContentCopyIcon />}>
                    {translate('resources.api-keys.secret.copy')}
                  </Button>
                </InputAdornment>
              ),
            },
            htmlInput: {
              'data-testid': 'api-key-secret',
              onFocus: (e: { target: HTMLInputElement }) => e.target.select(),
            },
          }}
        />
        {hint ? (
          <Typography variant="body2" sx={{ mt: 2 }}>
            {hint}
          </Typography>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('resources.api-keys.secret.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
