import { DateField, ReferenceField, Show, SimpleShowLayout, TextArrayField, TextField, UrlField } from 'react-admin';

export function SavedLinkShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <UrlField source="url" target="_blank" rel="noopener noreferrer" />
        <TextField source="description" emptyText="—" />
        <TextArrayField source="tags" />
        <ReferenceField source="event_id" reference="events" emptyText="—" />
        <TextField source="source" />
        <TextField source="source_ref" emptyText="—" />
        <DateField source="created_at" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
