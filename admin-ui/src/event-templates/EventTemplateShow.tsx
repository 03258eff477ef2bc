import {
  ArrayField,
  Datagrid,
  NumberField,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextArrayField,
  TextField,
} from 'react-admin';
import { MODE_CHOICES } from '../events/choices.ts';

export function EventTemplateShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="title" />
        <TextField source="description" emptyText="—" />
        <NumberField source="duration_minutes" />
        <ReferenceField source="calendar_id" reference="calendars" link={false} emptyText="—" />
        <SelectField source="mode" choices={MODE_CHOICES} emptyText="—" />
        <TextField source="location" emptyText="—" />
        <TextArrayField source="attendees" />
        <TextArrayField source="tags" />
        <ArrayField source="checklist">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <TextField source="text" />
            <TextField source="notes" emptyText="" />
          </Datagrid>
        </ArrayField>
        <NumberField source="usage_count" />
      </SimpleShowLayout>
    </Show>
  );
}
