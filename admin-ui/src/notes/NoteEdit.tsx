import { Edit, SimpleForm } from 'react-admin';
import { NoteFormFields } from './NoteFormFields.tsx';

export function NoteEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <NoteFormFields />
      </SimpleForm>
    </Edit>
  );
}
