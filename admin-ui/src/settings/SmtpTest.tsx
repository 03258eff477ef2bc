// The SMTP connection test the API offers: a real mail through the saved settings
// (POST /mail with wait), showing the server's answer — sent with its Message-ID, or the error.
import { Alert, Button, CircularProgress, Stack, TextField } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import type { MailDelivery } from './types.ts';

export function SmtpTest({ dirty }: { dirty: boolean }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [recipient, setRecipient] = useState('');
  const { mutate, data, error, isPending, reset } = useMutation({
    mutationFn: () =>
      dataProvider.call<MailDelivery>('POST', 'mail', {
        to: [recipient.trim()],
        subject: translate('resources.settings.test.subject'),
        text: translate('resources.settings.test.body'),
        wait: true,
        timeout_ms: 20_000,
      }),
  });
  const fieldErrors = (error as { body?: { errors?: Record<string, string> } } | null)?.body?.errors;
  const recipientError = fieldErrors?.['to.0'] ?? fieldErrors?.to;
  const canSend = Boolean(recipient.trim()) && !dirty && !isPending;
  return (
    <Stack spacing={1.5} data-testid="smtp-test">
      {dirty ? <Alert severity="info">{translate('resources.settings.test.save_first')}</Alert> : null}
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextField
          name="test_recipient"
          type="email"
          size="small"
          label={translate('resources.settings.test.recipient')}
          value={recipient}
          onChange={(e) => {
            setRecipient(e.target.value);
            reset();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault(); // not the settings form around it
              if (canSend) mutate();
            }
          }}
          error={Boolean(recipientError)}
          helperText={recipientError}
          sx={{ flex: 1, maxWidth: 420 }}
        />
        <Button
          variant="outlined"
          onClick={() => mutate()}
          disabled={!canSend}
          startIcon={isPending ? <CircularProgress size={16} /> : <SendIcon />}
        >
          {translate(isPending ? 'resources.settings.test.sending' : 'resources.settings.test.send')}
        </Button>
      </Stack>
      {error && !recipientError ? <Alert severity="error">{error.message}</Alert> : null}
      {data ? (
        <Alert
          severity={data.status === 'sent' ? 'success' : data.status === 'failed' ? 'error' : 'info'}
          data-testid="smtp-test-result"
        >
          <div>
            {translate('resources.settings.test.result', {
              status: translate(`resources.templates.test_send.statuses.${data.status}`),
            })}
          </div>
          {data.message_id ? (
            <div>{translate('resources.settings.test.message_id', { id: data.message_id })}</div>
          ) : null}
          {data.error ? <div>{translate('resources.settings.test.error', { error: data.error })}</div> : null}
          {data.status === 'queued' || data.status === 'sending' ? (
            <div>{translate('resources.settings.test.queued')}</div>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
