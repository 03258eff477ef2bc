import { DateField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { JsonField } from '../audit/JsonField.tsx';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { SeverityField } from './SeverityField.tsx';
import { StateField } from './StateField.tsx';

export function IncidentShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <AcknowledgeButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <DateField source="occurred_at" showTime />
        <SeverityField source="severity" />
        <TextField source="kind" />
        <StateField source="open" />
        <TextField source="actor_label" emptyText="—" />
        <TextField source="actor_type" emptyText="—" />
        <TextField source="actor_id" emptyText="—" />
        <TextField source="ip" emptyText="—" />
        <JsonField source="details" />
        <DateField source="acknowledged_at" showTime emptyText="—" />
        <TextField source="acknowledged_by" emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
}
