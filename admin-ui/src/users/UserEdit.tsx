import {
  Button,
  DateField,
  Edit,
  Labeled,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  required,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { useMutation } from '@tanstack/react-query';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { ROLE_CHOICES } from './roles.ts';

function UnlockButton() {
  const record = useRecordContext();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call('POST', `users/${record?.id}/unlock`),
    onSuccess: () => {
      notify('resources.users.unlocked', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record?.locked) return null;
  return (
    <Button label="resources.users.unlock" onClick={() => mutate()} disabled={isPending} startIcon={<LockOpenIcon />} />
  );
}

export function UserEdit() {
  return (
    <Edit
      mutationMode="pessimistic"
      actions={
        <TopToolbar>
          <UnlockButton />
        </TopToolbar>
      }
    >
      <SimpleForm>
        <TextInput source="email" type="email" validate={required()} />
        <TextInput source="display_name" />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <Labeled>
          <DateField source="last_login_at" showTime emptyText="—" />
        </Labeled>
      </SimpleForm>
    </Edit>
  );
}
