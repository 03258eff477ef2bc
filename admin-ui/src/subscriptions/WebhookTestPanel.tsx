// Sends a signed test message for a subscription (see test-message.ts) and shows the verdict:
// accepted, or the server's reason for refusing the signature (wrong secret, clock skew…).
import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, LinearProgress, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useTranslate, type HttpError } from 'react-admin';
import { API_ROOT, httpClient } from '../providers/http.ts';
import { buildTestMessage } from './test-message.ts';

export function WebhookTestPanel({ subscriptionId, secret: knownSecret }: { subscriptionId: string; secret?: string }) {
  const translate = useTranslate();
  const [secret, setSecret] = useState(knownSecret ?? '');
  const test = useMutation<{ id: string }, HttpError | Error>({
    mutationFn: async () => {
      const message = await buildTestMessage(secret.trim(), subscriptionId, new Date());
      const { json } = await httpClient(`${API_ROOT}/webhooks/test/${subscriptionId}`, {
        method: 'POST',
        body: message.body,
        headers: new Headers({ Accept: 'application/json', ...message.headers }),
      });
      return json as { id: string };
    },
  });
  return (
    <Box sx={{ mt: 2 }}>
      {knownSecret ? null : (
        <TextField
          name="test_secret"
          label={translate('resources.subscriptions.test.secret')}
          helperText={translate('resources.subscriptions.test.secret_help')}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          fullWidth
          margin="dense"
          autoComplete="off"
        />
      )}
      <Button
        label="resources.subscriptions.test.send"
        startIcon={<SendIcon />}
        variant="outlined"
        onClick={() => test.mutate()}
        disabled={test.isPending || secret.trim() === ''}
      />
      {test.isPending ? <LinearProgress sx={{ mt: 1 }} /> : null}
      {test.data ? (
        <Alert severity="success" sx={{ mt: 1 }} role="status">
          {translate('resources.subscriptions.test.ok', { id: test.data.id })}
        </Alert>
      ) : null}
      {test.error ? (
        <Alert severity="error" sx={{ mt: 1 }} role="status">
          {translate('resources.subscriptions.test.failed', { error: test.error.message })}
        </Alert>
      ) : null}
    </Box>
  );
}
