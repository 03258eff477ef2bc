import {
  DatagridConfigurable,
  DateField,
  FilterButton,
  List,
  SelectArrayInput,
  SelectField,
  TextField,
  TopToolbar,
} from 'react-admin';
import { BackUpNowButton } from './BackUpNowButton.tsx';
import { BackupsEmpty } from './BackupsEmpty.tsx';
import { KIND_CHOICES, STATUS_CHOICES, TARGET_CHOICES, VERIFY_STATUS_CHOICES } from './choices.ts';
import { BackupStatusField, SizeField, VerifyStatusField } from './fields.tsx';

const filters = [
  <SelectArrayInput key="status" source="status" choices={STATUS_CHOICES} />,
  <SelectArrayInput key="kind" source="kind" choices={KIND_CHOICES} />,
  <SelectArrayInput key="verify_status" source="verify_status" choices={VERIFY_STATUS_CHOICES} />,
];

function Actions() {
  return (
    <TopToolbar>
      <FilterButton />
      <BackUpNowButton />
    </TopToolbar>
  );
}

// The list has no search box: backups have no text to search, the filters cover the rest.
export function BackupList() {
  return (
    <List
      filters={filters}
      actions={<Actions />}
      sort={{ field: 'started_at', order: 'DESC' }}
      empty={<BackupsEmpty />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <DateField source="started_at" showTime />
        <BackupStatusField source="status" />
        <SelectField source="kind" choices={KIND_CHOICES} />
        <SizeField source="size_bytes" />
        <SelectField source="target" choices={TARGET_CHOICES} sortable={false} />
        <TextField source="location" emptyText="—" sortable={false} />
        <VerifyStatusField source="verify_status" />
        <DateField source="verified_at" showTime emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
