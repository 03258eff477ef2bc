import {
  DateField,
  DeleteButton,
  Labeled,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useRecordContext,
} from 'react-admin';
import { BackupProgress } from './BackupProgress.tsx';
import { KIND_CHOICES, TARGET_CHOICES } from './choices.ts';
import { DownloadBackupButton } from './DownloadBackupButton.tsx';
import { BackupStatusField, SizeField, VerifyStatusField } from './fields.tsx';
import { RestoreCheckButton } from './RestoreCheckButton.tsx';
import { RestoreChecks } from './RestoreChecks.tsx';
import { VerifyBackupButton } from './VerifyBackupButton.tsx';

// Deleting removes the archive; the record stays with status deleted, so there is nothing to
// delete for a running or already deleted backup.
function DeleteArchiveButton() {
  const record = useRecordContext<{ status: string }>();
  const { canAccess } = useCanAccess({ action: 'delete', resource: 'backups' });
  if (!canAccess || (record?.status !== 'completed' && record?.status !== 'failed')) return null;
  return <DeleteButton mutationMode="pessimistic" redirect="list" />;
}

function Actions() {
  return (
    <TopToolbar>
      <VerifyBackupButton />
      <RestoreCheckButton />
      <DownloadBackupButton />
      <DeleteArchiveButton />
    </TopToolbar>
  );
}

function LiveProgress(_props: { label?: string }) {
  const record = useRecordContext<{ id: string; status: string }>();
  if (record?.status !== 'running') return null;
  return <BackupProgress id={record.id} />;
}

export function BackupShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <BackupStatusField source="status" />
        <LiveProgress />
        <SelectField source="kind" choices={KIND_CHOICES} />
        <DateField source="started_at" showTime />
        <DateField source="finished_at" showTime emptyText="—" />
        <NumberField source="duration_ms" emptyText="—" />
        <SizeField source="size_bytes" />
        <SelectField source="target" choices={TARGET_CHOICES} />
        <TextField source="location" emptyText="—" />
        <TextField source="object_key" emptyText="—" sx={{ fontFamily: 'monospace' }} />
        <TextField source="sha256" emptyText="—" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
        <NumberField source="schema_version" emptyText="—" />
        <TextField source="requested_by" emptyText="—" />
        <TextField source="error" emptyText="—" />
        <VerifyStatusField source="verify_status" />
        <DateField source="verified_at" showTime emptyText="—" />
        <TextField source="verify_error" emptyText="—" />
        <Labeled label="resources.backups.restore.history" fullWidth>
          <RestoreChecks />
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
}
