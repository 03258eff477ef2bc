import { Edit, SimpleForm } from 'react-admin';
import { SavedLinkFormFields } from './SavedLinkFormFields.tsx';

export function SavedLinkEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <SavedLinkFormFields />
      </SimpleForm>
    </Edit>
  );
}
