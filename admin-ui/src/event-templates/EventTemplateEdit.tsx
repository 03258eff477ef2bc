import { Edit, SimpleForm } from 'react-admin';
import { EventTemplateFormFields } from './EventTemplateFormFields.tsx';
import { templateBody } from './templateBody.ts';

export function EventTemplateEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={templateBody}>
      <SimpleForm>
        <EventTemplateFormFields />
      </SimpleForm>
    </Edit>
  );
}
