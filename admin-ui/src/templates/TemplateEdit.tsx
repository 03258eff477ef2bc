import { Edit, SimpleForm } from 'react-admin';
import { TemplateLayout } from './TemplateLayout.tsx';

// Stays on the page after saving, so the preview of the new version is right there.
export function TemplateEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect={false}>
      <SimpleForm>
        <TemplateLayout />
      </SimpleForm>
    </Edit>
  );
}
