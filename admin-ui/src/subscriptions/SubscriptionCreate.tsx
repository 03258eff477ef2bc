// Creating a subscription returns its signing secret once: the page then shows it (with copy
// and a test message) instead of leaving, and goes to the list when the dialog is closed.
// The API's POST is an upsert on url: for a url already registered the secret is not shown.
import { useState } from 'react';
import { Create, useNotify, useRedirect } from 'react-admin';
import { SecretDialog } from './SecretDialog.tsx';
import { SubscriptionForm, subscriptionBody } from './SubscriptionForm.tsx';

type Created = { id: string; secret: string; created: boolean };

export function SubscriptionCreate() {
  const [created, setCreated] = useState<Created>();
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <>
      <Create
        mutationMode="pessimistic"
        transform={subscriptionBody}
        mutationOptions={{
          onSuccess: (data: Created) => {
            if (data.created && data.secret !== 'set') setCreated(data);
            else {
              notify('resources.subscriptions.already_registered', { type: 'info' });
              redirect('edit', 'subscriptions', data.id);
            }
          },
        }}
      >
        <SubscriptionForm />
      </Create>
      {created ? (
        <SecretDialog
          subscriptionId={created.id}
          secret={created.secret}
          onClose={() => {
            setCreated(undefined);
            redirect('list', 'subscriptions');
          }}
        />
      ) : null}
    </>
  );
}
