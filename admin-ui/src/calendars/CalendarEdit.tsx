import { DeleteButton, Edit, SaveButton, SimpleForm, TextField, Labeled, Toolbar } from 'react-admin';
import { CalendarFormFields } from './CalendarFormFields.tsx';
import { calendarBody } from './workingHours.ts';

// Deleting is refused (409) while the calendar holds events, and always for `default`;
// pessimistic so that refusal shows as a message instead of an undo that fails later.
function CalendarToolbar() {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton mutationMode="pessimistic" />
    </Toolbar>
  );
}

export function CalendarEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={calendarBody}>
      <SimpleForm toolbar={<CalendarToolbar />}>
        <Labeled>
          <TextField source="id" />
        </Labeled>
        <CalendarFormFields />
      </SimpleForm>
    </Edit>
  );
}
