import { Create, SimpleForm } from 'react-admin';
import { SavedLinkFormFields } from './SavedLinkFormFields.tsx';

export function SavedLinkCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list">
      <SimpleForm defaultValues={{ source: 'console', tags: [] }}>
        <SavedLinkFormFields />
      </SimpleForm>
    </Create>
  );
}
