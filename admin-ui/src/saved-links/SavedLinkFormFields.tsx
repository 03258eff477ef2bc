// The fields of a saved link: the URL, what it is, tags, origin and the event it belongs to.
import { AutocompleteInput, ReferenceInput, TextArrayInput, TextInput, regex, required } from 'react-admin';

const validateUrl = [required(), regex(/^https?:\/\/[^\s/?#]+\S*$/i, 'resources.saved-links.validation.url')];

export function SavedLinkFormFields() {
  return (
    <>
      <TextInput source="url" type="url" validate={validateUrl} fullWidth />
      <TextInput source="description" multiline fullWidth />
      <TextArrayInput source="tags" fullWidth />
      <ReferenceInput source="event_id" reference="events" sort={{ field: 'start_at', order: 'DESC' }}>
        <AutocompleteInput optionText="title" sx={{ minWidth: 320 }} />
      </ReferenceInput>
      <TextInput source="source" helperText="resources.notes.source_help" />
      <TextInput source="source_ref" />
    </>
  );
}
