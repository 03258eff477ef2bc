// Test send of an e-mail template: POST /mail with the template and the sample variables,
// waiting for the outcome, so the author sees at once whether the SMTP server took it (status
// and Message-ID) or why not. The saved version is sent, hence disabled with unsaved changes.
import { Alert, Button, CircularProgress, Stack, TextField } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import type { MailDelivery, Template } from './types.ts';

type Props = { record: Template; variables: Record<string, unknown> | undefined; dirty: boolean };

export function TestSend({ record, variables, dirty }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [recipient, setRecipient] = useState('');
  const { mutate, data, error, isPending, reset } = useMutation({
    mutationFn: () =>
      dataProvider.call<MailDelivery>('POST', 'mail', {
        to: [recipient.trim()],
        template_id: record.id,
        variables: variables ?? {},
        wait: true,
        timeout_ms: 20_000,
      }),
  });

  if (record.type !== 'email')
    return <Alert severity="info">{translate('resources.templates.test_send.only_email')}</Alert>;

  const fieldErrors = (error as { body?: { errors?: Record<string, string> } } | null)?.body?.errors;
  const recipientError = fieldErrors?.['to.0'] ?? fieldErrors?.to;
  const finished = data && (data.status === 'sent' || data.status === 'failed');

  return (
    <Stack spacing={1.5}>
      {dirty ? <Alert severity="info">{translate('resources.templates.test_send.save_first')}</Alert> : null}
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextField
          name="test_recipient"
          type="email"
          size="small"
          label={translate('resources.templates.test_send.recipient')}
          value={recipient}
          onChange={(e) => {
            setRecipient(e.target.value);
            reset();
          }}
          // Enter would submit the template form around this panel.
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (recipient.trim() && !dirty && !isPending) mutate();
            }
          }}
          error={Boolean(recipientError)}
          helperText={recipientError}
          sx={{ flex: 1 }}
        />
        <Button
          variant="outlined"
          onClick={() => mutate()}
          disabled={!recipient.trim() || dirty || isPending || !variables}
          startIcon={isPending ? <CircularProgress size={16} /> : <SendIcon />}
        >
          {translate(isPending ? 'resources.templates.test_send.sending' : 'resources.templates.test_send.send')}
        </Button>
      </Stack>
      {error && !recipientError ? <Alert severity="error">{error.message}</Alert> : null}
      {data ? (
        <Alert
          severity={data.status === 'sent' ? 'success' : data.status === 'failed' ? 'error' : 'info'}
          data-testid="test-send-result"
        >
          <div>
            {translate('resources.templates.test_send.result', {
              status: translate(`resources.templates.test_send.statuses.${data.status}`),
            })}
          </div>
          {data.message_id ? (
            <div>{translate('resources.templates.test_send.message_id', { id: data.message_id })}</div>
          ) : null}
          {data.error ? <div>{translate('resources.templates.test_send.error', { error: data.error })}</div> : null}
          {!finished ? <div>{translate('resources.templates.test_send.queued')}</div> : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
