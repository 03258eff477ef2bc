import {
  BooleanField,
  FunctionField,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  type RaRecord,
} from 'react-admin';
import { CALENDAR_MODE_CHOICES } from './choices.ts';
import { WEEKDAYS, formatList } from './workingHours.ts';

export function CalendarShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="id" />
        <TextField source="name" />
        <TextField source="description" emptyText="—" />
        <TextField source="time_zone" />
        <TextField source="color" emptyText="—" />
        <SelectField source="default_mode" choices={CALENDAR_MODE_CHOICES} />
        <BooleanField source="auto_reschedule" />
        <NumberField source="buffer_minutes" />
        <FunctionField
          source="default_reminder_offsets"
          render={(record: RaRecord) => formatList(record.default_reminder_offsets as number[]) || '—'}
        />
        {WEEKDAYS.map((day) => (
          <FunctionField
            key={day}
            label={`resources.calendars.days.${day}`}
            render={(record: RaRecord) => formatList((record.working_hours as Record<string, string[]>)[day]) || '—'}
          />
        ))}
        <NumberField source="event_count" />
      </SimpleShowLayout>
    </Show>
  );
}
