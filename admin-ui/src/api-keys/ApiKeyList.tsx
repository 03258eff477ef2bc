import { DatagridConfigurable, DateField, List, NumberField, SearchInput, SelectInput, TextField } from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { LEVEL_CHOICES, SCOPE_CHOICES, STATUS_CHOICES } from './choices.ts';
import { ScopesField } from './ScopesField.tsx';
import { StatusField } from './StatusField.tsx';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} />,
  <SelectInput key="scope" source="scope" label="resources.api-keys.fields.scopes" choices={SCOPE_CHOICES} />,
  <SelectInput key="level" source="level" choices={LEVEL_CHOICES} />,
];

// The list never holds a secret: the API returns only the public prefix of each key.
export function ApiKeyList() {
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} empty={<EmptyState resource="api-keys" />}>
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <TextField source="name" />
        <TextField source="prefix" sortable={false} sx={{ fontFamily: 'monospace' }} />
        <ScopesField source="scopes" sortable={false} />
        <StatusField source="status" sortable={false} />
        <DateField source="expires_at" showTime emptyText="—" />
        <DateField source="last_used_at" showTime emptyText="—" />
        <NumberField source="use_count" />
        <TextField source="last_used_ip" sortable={false} emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
