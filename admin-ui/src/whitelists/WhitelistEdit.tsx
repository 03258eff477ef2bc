import { Edit } from 'react-admin';
import { WhitelistForm, toApiBody } from './WhitelistForm.tsx';

export function WhitelistEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={toApiBody}>
      <WhitelistForm />
    </Edit>
  );
}
