import { DateField, NumberField, SelectField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { SEVERITY_CHOICES } from './choices.ts';
import { JsonField } from './JsonField.tsx';

export function HealthEventShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="host" />
        <TextField source="kind" />
        <SelectField source="severity" choices={SEVERITY_CHOICES} />
        <TextField source="metric" emptyText="—" />
        <NumberField source="value" emptyText="—" />
        <NumberField source="threshold" emptyText="—" />
        <DateField source="occurred_at" showTime />
        <DateField source="last_seen_at" showTime emptyText="—" />
        <DateField source="resolved_at" showTime emptyText="—" />
        <JsonField source="details" />
      </SimpleShowLayout>
    </Show>
  );
}
