import { BooleanField, DateField, SelectField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { HEALING_STATUS_CHOICES } from './choices.ts';
import { CommandStatus } from './CommandStatus.tsx';
import { JsonField } from './JsonField.tsx';

const OPEN = new Set(['pending', 'running']);

export function HealingActionShow() {
  return (
    // While the agent works on it, the action itself changes too (running → succeeded/failed).
    <Show queryOptions={{ refetchInterval: (query) => (OPEN.has(query.state.data?.status) ? 3000 : false) }}>
      <SimpleShowLayout>
        <TextField source="host" />
        <TextField source="action" />
        <TextField source="target" emptyText="—" />
        <SelectField source="status" choices={HEALING_STATUS_CHOICES} />
        <TextField source="outcome" emptyText="—" />
        <CommandStatus label="resources.healing-actions.fields.command_id" />
        <BooleanField source="dry_run" />
        <TextField source="reason" emptyText="—" />
        <JsonField source="params" />
        <TextField source="output" emptyText="—" component="pre" />
        <TextField source="requested_by" emptyText="—" />
        <DateField source="requested_at" showTime />
        <DateField source="finished_at" showTime emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
}
