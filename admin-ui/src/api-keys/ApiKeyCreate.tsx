import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CheckboxGroupInput,
  Create,
  DateTimeInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useRedirect,
} from 'react-admin';
import { toApiKeyPayload, type ApiKeyFormValues } from './api-key-payload.ts';
import { LEVEL_CHOICES, SCOPE_CHOICES } from './choices.ts';
import { SecretDialog } from './SecretDialog.tsx';

type Created = { id: string; key: string };

// Pessimistic, so the API's field errors (no scopes, a name too long…) land under the inputs.
// The response is the only one that carries the key: it goes to the dialog, and react-admin's
// cached copy of the new record is dropped so the secret stays nowhere else.
export function ApiKeyCreate() {
  const [created, setCreated] = useState<Created | null>(null);
  const queryClient = useQueryClient();
  const redirect = useRedirect();
  const onSuccess = (data: Created) => {
    queryClient.removeQueries({ queryKey: ['api-keys', 'getOne'] });
    setCreated({ id: data.id, key: data.key });
  };
  return (
    <>
      <Create
        mutationMode="pessimistic"
        mutationOptions={{ onSuccess }}
        transform={(data: ApiKeyFormValues) => toApiKeyPayload(data, { withLevel: true })}
      >
        <SimpleForm defaultValues={{ level: 'standard', scopes: [] }}>
          <TextInput source="name" validate={required()} />
          <TextInput source="description" multiline minRows={2} />
          <SelectInput source="level" choices={LEVEL_CHOICES} validate={required()} />
          <CheckboxGroupInput source="scopes" choices={SCOPE_CHOICES} row={false} />
          <DateTimeInput source="expires_at" />
        </SimpleForm>
      </Create>
      {created ? (
        <SecretDialog
          secret={created.key}
          title="resources.api-keys.secret.created_title"
          onClose={() => {
            const id = created.id;
            setCreated(null);
            redirect('show', 'api-keys', id);
          }}
        />
      ) : null}
    </>
  );
}
