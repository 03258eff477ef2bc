import {
  BooleanField,
  DatagridConfigurable,
  DateField,
  DateTimeInput,
  FilterButton,
  List,
  NullableBooleanInput,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { toInstant } from '../api-keys/api-key-payload.ts';
import { EmptyState } from '../layout/EmptyState.tsx';
import { ACTOR_TYPE_CHOICES } from './choices.ts';
import { VerifyChainButton } from './VerifyChainButton.tsx';

// The datetime inputs hold local wall time; the API's from/to filters take instants.
const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="actor_type" source="actor_type" choices={ACTOR_TYPE_CHOICES} />,
  <TextInput key="actor_id" source="actor_id" />,
  <TextInput key="entity" source="entity" />,
  <TextInput key="entity_id" source="entity_id" />,
  <TextInput key="action" source="action" />,
  <DateTimeInput key="from" source="from" parse={toInstant} />,
  <DateTimeInput key="to" source="to" parse={toInstant} />,
  <NullableBooleanInput key="success" source="success" />,
];

function Actions() {
  return (
    <TopToolbar>
      <FilterButton />
      <VerifyChainButton />
    </TopToolbar>
  );
}

// Read only by construction: the database refuses changes to audit rows.
export function AuditList() {
  return (
    <List
      filters={filters}
      actions={<Actions />}
      sort={{ field: 'seq', order: 'DESC' }}
      empty={<EmptyState resource="audit" />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <NumberField source="seq" />
        <DateField source="occurred_at" showTime />
        <TextField source="actor_label" emptyText="—" sortable={false} />
        <TextField source="actor_type" sortable={false} />
        <TextField source="entity" sortable={false} />
        <TextField source="entity_id" emptyText="—" sortable={false} />
        <TextField source="action" sortable={false} />
        <BooleanField source="success" sortable={false} />
        <NumberField source="risk_score" />
      </DatagridConfigurable>
    </List>
  );
}
