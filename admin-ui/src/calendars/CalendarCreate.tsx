import { Create, SimpleForm, TextInput, regex, required } from 'react-admin';
import { CalendarFormFields } from './CalendarFormFields.tsx';
import { calendarBody } from './workingHours.ts';

const validateId = [required(), regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'resources.calendars.validation.id')];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function CalendarCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list" transform={calendarBody}>
      <SimpleForm
        defaultValues={{
          time_zone: browserZone,
          default_mode: 'free',
          auto_reschedule: false,
          buffer_minutes: 0,
          default_reminder_offsets: [],
          working_hours: {
            mon: ['09:00-17:00'],
            tue: ['09:00-17:00'],
            wed: ['09:00-17:00'],
            thu: ['09:00-17:00'],
            fri: ['09:00-17:00'],
            sat: [],
            sun: [],
          },
        }}
      >
        {/* The id is a slug chosen once: events and templates refer to it. */}
        <TextInput source="id" validate={validateId} helperText="resources.calendars.id_help" />
        <CalendarFormFields />
      </SimpleForm>
    </Create>
  );
}
