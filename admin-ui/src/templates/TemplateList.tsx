import {
  DatagridConfigurable,
  DateField,
  List,
  NumberField,
  SearchInput,
  SelectField,
  SelectInput,
  TextField,
  useCanAccess,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { CATEGORY_CHOICES, TYPE_CHOICES } from './types.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="type" source="type" choices={TYPE_CHOICES} alwaysOn />,
  <SelectInput key="category" source="category" choices={CATEGORY_CHOICES} />,
];

export function TemplateList() {
  // Viewers open the read-only page; the editor (with preview and test send) is for admins.
  const { canAccess: canEdit } = useCanAccess({ action: 'edit', resource: 'templates' });
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} empty={<EmptyState resource="templates" />}>
      <DatagridConfigurable rowClick={canEdit ? 'edit' : 'show'} bulkActionButtons={false}>
        <TextField source="name" />
        <SelectField source="type" choices={TYPE_CHOICES} />
        <SelectField source="category" choices={CATEGORY_CHOICES} emptyText="—" />
        <TextField source="subject" emptyText="—" />
        <NumberField source="usage_count" />
        <DateField source="last_used_at" showTime emptyText="—" />
        <DateField source="updated_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
