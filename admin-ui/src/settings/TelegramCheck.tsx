// Telegram's side of the bot, as far as the API exposes it: getWebhookInfo (which also proves
// the bot token works) and setting the webhook to the configured URL.
import { Alert, Button, CircularProgress, Stack } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type WebhookInfo = {
  url: string;
  pending_update_count: number;
  last_error_message: string | null;
  matches_settings: boolean;
};

export function TelegramCheck({ dirty }: { dirty: boolean }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const check = useMutation({ mutationFn: () => dataProvider.call<WebhookInfo>('GET', 'telegram/webhook') });
  const setUp = useMutation({
    mutationFn: () => dataProvider.call<{ url: string }>('POST', 'telegram/webhook'),
    onSuccess: () => check.reset(),
  });
  const busy = check.isPending || setUp.isPending;
  const info = check.data;
  return (
    <Stack spacing={1.5}>
      {dirty ? <Alert severity="info">{translate('resources.settings.test.save_first')}</Alert> : null}
      <Stack direction="row" spacing={1}>
        <Button
          variant="outlined"
          disabled={busy || dirty}
          onClick={() => check.mutate()}
          startIcon={check.isPending ? <CircularProgress size={16} /> : null}
        >
          {translate('resources.settings.test.check_telegram')}
        </Button>
        <Button
          variant="outlined"
          disabled={busy || dirty}
          onClick={() => setUp.mutate()}
          startIcon={setUp.isPending ? <CircularProgress size={16} /> : null}
        >
          {translate('resources.settings.test.set_webhook')}
        </Button>
      </Stack>
      {check.error ? <Alert severity="error">{check.error.message}</Alert> : null}
      {setUp.error ? <Alert severity="error">{setUp.error.message}</Alert> : null}
      {setUp.data ? (
        <Alert severity="success">{translate('resources.settings.test.webhook_set', { url: setUp.data.url })}</Alert>
      ) : null}
      {info ? (
        <Alert severity={info.last_error_message ? 'warning' : 'success'}>
          <div>
            {info.url
              ? translate('resources.settings.test.webhook_url', { url: info.url })
              : translate('resources.settings.test.webhook_none')}
          </div>
          {info.url ? (
            <div>
              {translate(
                info.matches_settings
                  ? 'resources.settings.test.webhook_matches'
                  : 'resources.settings.test.webhook_differs',
              )}
            </div>
          ) : null}
          <div>{translate('resources.settings.test.webhook_pending', { count: info.pending_update_count })}</div>
          {info.last_error_message ? (
            <div>{translate('resources.settings.test.webhook_error', { error: info.last_error_message })}</div>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
