// The signing secret, shown once (after creation or rotation) with a copy button and the
// test-message panel; after closing, the console can no longer show it.
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { Button, useTranslate } from 'react-admin';
import { WebhookTestPanel } from './WebhookTestPanel.tsx';

export function SecretDialog({
  subscriptionId,
  secret,
  onClose,
}: {
  subscriptionId: string;
  secret: string;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const [copied, setCopied] = useState<boolean>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard access (insecure origin, denied permission): the text stays selectable.
      setCopied(false);
    }
  }
  return (
    <Dialog open maxWidth="sm" fullWidth aria-labelledby="secret-title">
      <DialogTitle id="secret-title">{translate('resources.subscriptions.secret.title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('resources.subscriptions.secret.once')}
        </Alert>
        <TextField
          name="secret"
          label={translate('resources.subscriptions.secret.label')}
          value={secret}
          fullWidth
          slotProps={{
            input: {
              readOnly: true,
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton aria-label={translate('resources.subscriptions.secret.copy')} onClick={copy}>
                    <ContentCopyIcon />
                  </IconButton>
                </InputAdornment>
              ),
            },
          }}
          onFocus={(e) => e.target.select()}
        />
        {copied === true ? (
          <Alert severity="success">{translate('resources.subscriptions.secret.copied')}</Alert>
        ) : null}
        {copied === false ? (
          <Alert severity="info">{translate('resources.subscriptions.secret.copy_failed')}</Alert>
        ) : null}
        <WebhookTestPanel subscriptionId={subscriptionId} secret={secret} />
      </DialogContent>
      <DialogActions>
        <Button label="resources.subscriptions.secret.done" variant="contained" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
}
