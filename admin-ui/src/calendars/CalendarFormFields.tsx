// The fields of a calendar, shared by create and edit: name, time zone, default planning mode,
// automatic rescheduling, buffer, reminder offsets and the working hours of each weekday
// (auto-plan only suggests slots inside them, in the calendar's time zone).
import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  NumberInput,
  SelectInput,
  TextInput,
  maxValue,
  minValue,
  required,
  useTranslate,
} from 'react-admin';
import { CALENDAR_MODE_CHOICES, TIME_ZONE_CHOICES } from './choices.ts';
import { WEEKDAYS, formatList, keepText, offsetsError, spansError } from './workingHours.ts';

const validateBuffer = [minValue(0), maxValue(1440)];

export function CalendarFormFields() {
  const translate = useTranslate();
  return (
    <Box sx={{ width: '100%', maxWidth: 900 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="description" multiline fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <AutocompleteInput
          source="time_zone"
          choices={TIME_ZONE_CHOICES}
          validate={required()}
          sx={{ minWidth: 260 }}
        />
        <TextInput source="color" helperText="resources.calendars.color_help" />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput source="default_mode" choices={CALENDAR_MODE_CHOICES} validate={required()} />
        <BooleanInput source="auto_reschedule" helperText="resources.calendars.auto_reschedule_help" />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <NumberInput source="buffer_minutes" validate={validateBuffer} step={5} />
        <TextInput
          source="default_reminder_offsets"
          format={formatList}
          parse={keepText}
          validate={offsetsError}
          helperText="resources.calendars.offsets_help"
        />
      </Box>
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        {translate('resources.calendars.working_hours')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('resources.calendars.working_hours_help')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', columnGap: 2 }}>
        {WEEKDAYS.map((day) => (
          <TextInput
            key={day}
            source={`working_hours.${day}`}
            label={`resources.calendars.days.${day}`}
            format={formatList}
            parse={keepText}
            validate={spansError}
          />
        ))}
      </Box>
    </Box>
  );
}
