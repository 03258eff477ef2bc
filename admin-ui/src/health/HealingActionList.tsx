import {
  BooleanField,
  BooleanInput,
  DatagridConfigurable,
  DateField,
  List,
  SearchInput,
  SelectField,
  SelectInput,
  TextField,
  TextInput,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { HEALING_STATUS_CHOICES } from './choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={HEALING_STATUS_CHOICES} />,
  <TextInput key="host" source="host" />,
  <TextInput key="action" source="action" />,
  <BooleanInput key="dry_run" source="dry_run" />,
];

export function HealingActionList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'requested_at', order: 'DESC' }}
      empty={<EmptyState resource="healing-actions" />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <DateField source="requested_at" showTime />
        <TextField source="host" />
        <TextField source="action" />
        <TextField source="target" emptyText="—" />
        <SelectField source="status" choices={HEALING_STATUS_CHOICES} />
        <BooleanField source="dry_run" />
        <TextField source="outcome" emptyText="—" />
        <TextField source="requested_by" emptyText="—" />
        <DateField source="finished_at" showTime emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
