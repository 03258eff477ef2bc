import {
  BooleanField,
  DatagridConfigurable,
  DateField,
  EmailField,
  List,
  SearchInput,
  SelectInput,
  TextField,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { ROLE_CHOICES } from './roles.ts';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} />,
];

export function UserList() {
  const rowClick = useRowClick('users');
  return (
    <List filters={filters} sort={{ field: 'email', order: 'ASC' }} empty={<EmptyState resource="users" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <EmailField source="email" />
        <TextField source="display_name" />
        <TextField source="role" />
        <BooleanField source="locked" />
        <DateField source="last_login_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
