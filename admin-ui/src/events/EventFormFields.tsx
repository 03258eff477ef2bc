// The fields of an event, shared by create and edit. Times are typed in the browser's time
// zone and sent as UTC instants; the calendar's own time zone governs its working hours.
import { Box } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  ReferenceInput,
  SelectInput,
  TextArrayInput,
  TextInput,
  required,
  useTranslate,
} from 'react-admin';
import { MODE_CHOICES, STATUS_CHOICES } from './choices.ts';
import { endAfterStart, localToIso } from './eventForm.ts';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const validateEnd = [required(), endAfterStart];

export function EventFormFields() {
  const translate = useTranslate();
  const zoneHint = translate('resources.events.time_zone_hint', { zone: browserZone });
  return (
    <Box sx={{ width: '100%', maxWidth: 900 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <DateTimeInput source="start_at" parse={localToIso} validate={required()} helperText={zoneHint} />
        <DateTimeInput source="end_at" parse={localToIso} validate={validateEnd} />
        <BooleanInput source="all_day" sx={{ alignSelf: 'center' }} />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <ReferenceInput source="calendar_id" reference="calendars" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput optionText="name" validate={required()} sx={{ minWidth: 240 }} />
        </ReferenceInput>
        <SelectInput
          source="mode"
          choices={MODE_CHOICES}
          emptyText="resources.events.modes.calendar_default"
          helperText="resources.events.mode_help"
        />
        <SelectInput source="status" choices={STATUS_CHOICES} validate={required()} />
      </Box>
      <TextInput source="description" multiline minRows={3} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <TextInput source="location" sx={{ minWidth: 280 }} />
        <TextInput source="event_type" />
      </Box>
      <TextArrayInput source="attendees" helperText="resources.events.attendees_help" fullWidth />
      <TextArrayInput source="tags" fullWidth />
    </Box>
  );
}
