// A test mail through POST /mail with `wait`, showing the server's answer: sent with its
// Message-ID, failed with the error, or still queued. Used by the template test send (the
// template with sample variables) and by the SMTP settings' connection test (a fixed text);
// both send what is saved, hence disabled while the form around them has unsaved changes.
import { Alert, Button, CircularProgress, Stack, TextField } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import type { MailDelivery } from './types.ts';

type Props = {
  /** The mail request without its recipient; undefined while it cannot be built. */
  mail: Record<string, unknown> | undefined;
  dirty: boolean;
  /** i18n key of the "save first" hint. */
  saveFirst: string;
  testId: string;
};

const K = 'resources.templates.test_send';

export function TestMail({ mail, dirty, saveFirst, testId }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [recipient, setRecipient] = useState('');
  const { mutate, data, error, isPending, reset } = useMutation({
    mutationFn: () =>
      dataProvider.call<MailDelivery>('POST', 'mail', {
        ...mail,
        to: [recipient.trim()],
        wait: true,
        timeout_ms: 20_000,
      }),
  });
  const fieldErrors = (error as { body?: { errors?: Record<string, string> } } | null)?.body?.errors;
  const recipientError = fieldErrors?.['to.0'] ?? fieldErrors?.to;
  const canSend = Boolean(recipient.trim()) && !dirty && !isPending && mail !== undefined;
  const finished = data && (data.status === 'sent' || data.status === 'failed');

  return (
    <Stack spacing={1.5} data-testid={testId}>
      {dirty ? <Alert severity="info">{translate(saveFirst)}</Alert> : null}
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextField
          name="test_recipient"
          type="email"
          size="small"
          label={translate(`${K}.recipient`)}
          value={recipient}
          onChange={(e) => {
            setRecipient(e.target.value);
            reset();
          }}
          // Enter would submit the form around this panel.
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
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
          {translate(isPending ? `${K}.sending` : `${K}.send`)}
        </Button>
      </Stack>
      {error && !recipientError ? <Alert severity="error">{error.message}</Alert> : null}
      {data ? (
        <Alert
          severity={data.status === 'sent' ? 'success' : data.status === 'failed' ? 'error' : 'info'}
          data-testid={`${testId}-result`}
        >
          <div>{translate(`${K}.result`, { status: translate(`${K}.statuses.${data.status}`) })}</div>
          {data.message_id ? <div>{translate(`${K}.message_id`, { id: data.message_id })}</div> : null}
          {data.error ? <div>{translate(`${K}.error`, { error: data.error })}</div> : null}
          {!finished ? <div>{translate(`${K}.queued`)}</div> : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
