// The fields of a note: its text, tags, where it came from and the event it belongs to.
import { AutocompleteInput, ReferenceInput, TextArrayInput, TextInput, required } from 'react-admin';

export function NoteFormFields() {
  return (
    <>
      <TextInput source="text" validate={required()} multiline minRows={4} fullWidth />
      <TextArrayInput source="tags" fullWidth />
      <ReferenceInput source="event_id" reference="events" sort={{ field: 'start_at', order: 'DESC' }}>
        <AutocompleteInput optionText="title" sx={{ minWidth: 320 }} />
      </ReferenceInput>
      <TextInput source="source" helperText="resources.notes.source_help" />
      <TextInput source="source_ref" />
    </>
  );
}
