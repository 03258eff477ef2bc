import {
  BooleanField,
  DateField,
  Labeled,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { DiffTable } from './DiffTable.tsx';
import { JsonField } from './JsonField.tsx';

// One audit record: who did what to which entity, the old → new change, and its chain hashes.
export function AuditShow() {
  return (
    <Show actions={<TopToolbar />}>
      <SimpleShowLayout>
        <NumberField source="seq" />
        <DateField source="occurred_at" showTime />
        <TextField source="actor_label" emptyText="—" />
        <TextField source="actor_type" />
        <TextField source="actor_id" emptyText="—" />
        <TextField source="scope" emptyText="—" />
        <TextField source="entity" />
        <TextField source="entity_id" emptyText="—" />
        <TextField source="action" />
        <BooleanField source="success" />
        <NumberField source="risk_score" />
        <TextField source="ip" emptyText="—" />
        <TextField source="user_agent" emptyText="—" />
        <Labeled label="resources.audit.diff.title" fullWidth>
          <DiffTable />
        </Labeled>
        <JsonField source="details" />
        <TextField source="prev_hash" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
        <TextField source="row_hash" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
      </SimpleShowLayout>
    </Show>
  );
}
