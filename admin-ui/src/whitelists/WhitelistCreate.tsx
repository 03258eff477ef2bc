import { Create } from 'react-admin';
import { WhitelistForm, toApiBody } from './WhitelistForm.tsx';

export function WhitelistCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list" transform={toApiBody}>
      <WhitelistForm />
    </Create>
  );
}
