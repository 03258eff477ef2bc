import { DateField, ReferenceField, Show, SimpleShowLayout, TextArrayField, TextField } from 'react-admin';

export function NoteShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="text" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextArrayField source="tags" />
        <ReferenceField source="event_id" reference="events" emptyText="—" />
        <TextField source="source" />
        <TextField source="source_ref" emptyText="—" />
        <DateField source="created_at" showTime />
        <DateField source="updated_at" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
