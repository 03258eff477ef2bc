import { Create, SimpleForm } from 'react-admin';
import { NoteFormFields } from './NoteFormFields.tsx';

export function NoteCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list">
      <SimpleForm defaultValues={{ source: 'console', tags: [] }}>
        <NoteFormFields />
      </SimpleForm>
    </Create>
  );
}
