import KeyIcon from '@mui/icons-material/Key';
import SendIcon from '@mui/icons-material/Send';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  Confirm,
  Edit,
  ListButton,
  TopToolbar,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { SecretDialog } from './SecretDialog.tsx';
import { SubscriptionForm, subscriptionBody } from './SubscriptionForm.tsx';
import { WebhookTestPanel } from './WebhookTestPanel.tsx';

/** A new secret (the old one stops working at once), shown once like at creation. */
function RotateSecretButton() {
  const record = useRecordContext();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const { mutate, isPending, data, reset } = useMutation({
    mutationFn: () =>
      dataProvider.call<{ id: string; secret: string }>('POST', `subscriptions/${record?.id}/rotate-secret`, {}),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  return (
    <>
      <Button
        label="resources.subscriptions.rotate.button"
        startIcon={<KeyIcon />}
        onClick={() => setConfirming(true)}
        disabled={isPending}
      />
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="resources.subscriptions.rotate.title"
        content="resources.subscriptions.rotate.content"
        onConfirm={() => {
          setConfirming(false);
          mutate();
        }}
        onClose={() => setConfirming(false)}
      />
      {data ? <SecretDialog subscriptionId={data.id} secret={data.secret} onClose={reset} /> : null}
    </>
  );
}

function SendTestButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  return (
    <>
      <Button label="resources.subscriptions.test.button" startIcon={<SendIcon />} onClick={() => setOpen(true)} />
      {open ? (
        <Dialog open onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
          <DialogTitle>{translate('resources.subscriptions.test.title')}</DialogTitle>
          <DialogContent>
            <Alert severity="info">{translate('resources.subscriptions.test.explain')}</Alert>
            <WebhookTestPanel subscriptionId={String(record.id)} />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.close" onClick={() => setOpen(false)} />
          </DialogActions>
        </Dialog>
      ) : null}
    </>
  );
}

function Actions() {
  const { canAccess, isPending } = useCanAccess({ action: 'edit', resource: 'subscriptions' });
  if (isPending) return <LinearProgress />;
  return (
    <TopToolbar>
      <ListButton />
      {canAccess ? <SendTestButton /> : null}
      {canAccess ? <RotateSecretButton /> : null}
    </TopToolbar>
  );
}

export function SubscriptionEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={subscriptionBody} actions={<Actions />}>
      <SubscriptionForm />
    </Edit>
  );
}
