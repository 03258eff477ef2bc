// Event detail for viewers (and anyone following a link to it): the record, then conflicts,
// checklist and links, all read-only unless the user may edit.
import {
  BooleanField,
  DateField,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextArrayField,
  TextField,
} from 'react-admin';
import { MODE_CHOICES, STATUS_CHOICES } from './choices.ts';
import { EventPanels } from './EventPanels.tsx';
import { EventTitle } from './EventTitle.tsx';

export function EventShow() {
  return (
    <Show title={<EventTitle />}>
      <SimpleShowLayout>
        <TextField source="title" />
        <DateField source="start_at" showTime />
        <DateField source="end_at" showTime />
        <BooleanField source="all_day" />
        <ReferenceField source="calendar_id" reference="calendars" link={false} />
        <SelectField source="effective_mode" choices={MODE_CHOICES} />
        <SelectField source="status" choices={STATUS_CHOICES} />
        <TextField source="description" emptyText="—" />
        <TextField source="location" emptyText="—" />
        <TextArrayField source="attendees" />
        <TextArrayField source="tags" />
        <EventPanels />
      </SimpleShowLayout>
    </Show>
  );
}
