// The fields of an event template: what an event created from it starts with (title,
// duration, calendar, attendees, tags, mode, reminders) and its checklist, in order.
import { Box } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  NumberInput,
  ReferenceInput,
  SelectInput,
  SimpleFormIterator,
  TextArrayInput,
  TextInput,
  maxValue,
  minValue,
  required,
} from 'react-admin';
import { formatList, keepText, offsetsError } from '../calendars/workingHours.ts';
import { MODE_CHOICES } from '../events/choices.ts';

const validateDuration = [required(), minValue(1), maxValue(525_600)];
const validateOffsets = (value: unknown) =>
  value === null || value === undefined || value === '' ? undefined : offsetsError(value);

export function EventTemplateFormFields() {
  return (
    <Box sx={{ width: '100%', maxWidth: 900 }}>
      <TextInput source="name" validate={required()} helperText="resources.event-templates.name_help" fullWidth />
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={2} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <NumberInput source="duration_minutes" validate={validateDuration} step={15} />
        <ReferenceInput source="calendar_id" reference="calendars" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput
            optionText="name"
            helperText="resources.event-templates.calendar_help"
            sx={{ minWidth: 240 }}
          />
        </ReferenceInput>
        <SelectInput source="mode" choices={MODE_CHOICES} emptyText="resources.events.modes.calendar_default" />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <TextInput source="location" sx={{ minWidth: 280 }} />
        <TextInput source="event_type" />
        <TextInput
          source="reminder_offsets"
          format={formatList}
          parse={keepText}
          validate={validateOffsets}
          helperText="resources.event-templates.offsets_help"
        />
      </Box>
      <TextArrayInput source="attendees" helperText="resources.events.attendees_help" fullWidth />
      <TextArrayInput source="tags" fullWidth />
      <ArrayInput source="checklist">
        <SimpleFormIterator inline>
          <TextInput source="text" validate={required()} sx={{ minWidth: 320 }} />
          <TextInput source="notes" sx={{ minWidth: 320 }} />
        </SimpleFormIterator>
      </ArrayInput>
    </Box>
  );
}
