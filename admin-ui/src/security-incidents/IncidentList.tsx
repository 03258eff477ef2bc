import {
  DatagridConfigurable,
  DateField,
  DateTimeInput,
  List,
  NullableBooleanInput,
  SelectArrayInput,
  TextField,
  TextInput,
} from 'react-admin';
import { toInstant } from '../api-keys/api-key-payload.ts';
import { EmptyState } from '../layout/EmptyState.tsx';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { SeverityField } from './SeverityField.tsx';
import { StateField } from './StateField.tsx';
import { SEVERITY_CHOICES } from './severity.ts';

const filters = [
  <NullableBooleanInput
    key="open"
    source="open"
    trueLabel="resources.security-incidents.open_state"
    falseLabel="resources.security-incidents.acknowledged_state"
    alwaysOn
  />,
  <SelectArrayInput key="severity" source="severity" choices={SEVERITY_CHOICES} />,
  <TextInput key="kind" source="kind" />,
  <TextInput key="ip" source="ip" />,
  <DateTimeInput key="from" source="from" parse={toInstant} />,
  <DateTimeInput key="to" source="to" parse={toInstant} />,
];

export function IncidentList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'occurred_at', order: 'DESC' }}
      empty={<EmptyState resource="security-incidents" />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <DateField source="occurred_at" showTime />
        <SeverityField source="severity" />
        <TextField source="kind" />
        <TextField source="actor_label" emptyText="—" sortable={false} />
        <TextField source="ip" emptyText="—" sortable={false} />
        <StateField source="open" sortable={false} />
        <DateField source="acknowledged_at" showTime emptyText="—" />
        <AcknowledgeButton label="" />
      </DatagridConfigurable>
    </List>
  );
}
