import { Create, SimpleForm } from 'react-admin';
import { EventTemplateFormFields } from './EventTemplateFormFields.tsx';
import { templateBody } from './templateBody.ts';

export function EventTemplateCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list" transform={templateBody}>
      <SimpleForm defaultValues={{ duration_minutes: 60, attendees: [], tags: [], checklist: [] }}>
        <EventTemplateFormFields />
      </SimpleForm>
    </Create>
  );
}
