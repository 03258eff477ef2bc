import {
  BooleanInput,
  ChipField,
  DatagridConfigurable,
  DateField,
  List,
  NumberField,
  SearchInput,
  SelectField,
  SelectInput,
  TextField,
  TextInput,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { SEVERITY_CHOICES } from './choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="open" source="open" />,
  <SelectInput key="severity" source="severity" choices={SEVERITY_CHOICES} />,
  <TextInput key="host" source="host" />,
  <TextInput key="kind" source="kind" />,
];

export function HealthEventList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'occurred_at', order: 'DESC' }}
      empty={<EmptyState resource="health-events" />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <DateField source="occurred_at" showTime />
        <TextField source="host" />
        <SelectField source="severity" choices={SEVERITY_CHOICES} />
        <ChipField source="kind" size="small" />
        <TextField source="metric" emptyText="—" />
        <NumberField source="value" emptyText="—" />
        <NumberField source="threshold" emptyText="—" />
        <DateField source="last_seen_at" showTime emptyText="—" />
        <DateField source="resolved_at" showTime emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
