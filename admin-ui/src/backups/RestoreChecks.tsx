// The restore checks run for the backup on this page, newest first.
import { DateField, ReferenceManyField, SelectField, TextField, Datagrid, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';

const STATUS_CHOICES = ['running', 'completed', 'failed'].map((id) => ({
  id,
  name: `resources.backups.statuses.${id}`,
}));

export function RestoreChecks(_props: { label?: string }) {
  const translate = useTranslate();
  return (
    <ReferenceManyField
      reference="backup-restores"
      target="backup_id"
      sort={{ field: 'started_at', order: 'DESC' }}
      perPage={10}
      empty={<Typography variant="body2">{translate('resources.backups.restore.none')}</Typography>}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="started_at" label="resources.backups.fields.started_at" showTime />
        <TextField source="mode" label="resources.backups.fields.kind" />
        <SelectField source="status" label="resources.backups.fields.status" choices={STATUS_CHOICES} />
        <DateField source="finished_at" label="resources.backups.fields.finished_at" showTime emptyText="—" />
        <TextField source="error" label="resources.backups.fields.error" emptyText="—" />
      </Datagrid>
    </ReferenceManyField>
  );
}
