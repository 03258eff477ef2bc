import { BooleanInput, Create, PasswordInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { ROLE_CHOICES } from './roles.ts';

// Pessimistic: the server's field errors (problem+json `errors`) land under the inputs.
export function UserCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list">
      <SimpleForm defaultValues={{ role: 'viewer', must_change_password: true }}>
        <TextInput source="email" type="email" validate={required()} />
        <TextInput source="display_name" />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <PasswordInput source="password" validate={required()} autoComplete="new-password" />
        <BooleanInput source="must_change_password" />
      </SimpleForm>
    </Create>
  );
}
