import {
  DateField,
  DeleteButton,
  EditButton,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { LEVEL_CHOICES } from './choices.ts';
import { RevokeButton } from './RevokeButton.tsx';
import { RotateButton } from './RotateButton.tsx';
import { ScopesField } from './ScopesField.tsx';
import { StatusField } from './StatusField.tsx';

function Actions() {
  const { canAccess } = useCanAccess({ action: 'delete', resource: 'api-keys' });
  return (
    <TopToolbar>
      <EditButton />
      <RotateButton />
      <RevokeButton />
      {canAccess ? <DeleteButton mutationMode="pessimistic" redirect="list" /> : null}
    </TopToolbar>
  );
}

// Everything about a key except its secret, which the API never returns after creation.
export function ApiKeyShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="description" emptyText="—" />
        <TextField source="prefix" sx={{ fontFamily: 'monospace' }} />
        <SelectField source="level" choices={LEVEL_CHOICES} />
        <ScopesField source="scopes" />
        <StatusField source="status" />
        <DateField source="expires_at" showTime emptyText="—" />
        <DateField source="grace_until" showTime emptyText="—" />
        <DateField source="revoked_at" showTime emptyText="—" />
        <DateField source="last_used_at" showTime emptyText="—" />
        <TextField source="last_used_ip" emptyText="—" />
        <NumberField source="use_count" />
        <DateField source="created_at" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
