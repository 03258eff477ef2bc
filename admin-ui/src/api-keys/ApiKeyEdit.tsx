import { CheckboxGroupInput, DateTimeInput, Edit, SimpleForm, TextInput, required } from 'react-admin';
import { toApiKeyPayload, type ApiKeyFormValues } from './api-key-payload.ts';
import { SCOPE_CHOICES } from './choices.ts';

// Name, description, scopes and expiry: the level and the secret cannot change (rotate for a
// new secret). The record the API returns never carries the secret.
export function ApiKeyEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show" transform={(data: ApiKeyFormValues) => toApiKeyPayload(data)}>
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <TextInput source="description" multiline minRows={2} />
        <CheckboxGroupInput source="scopes" choices={SCOPE_CHOICES} row={false} />
        <DateTimeInput source="expires_at" />
      </SimpleForm>
    </Edit>
  );
}
