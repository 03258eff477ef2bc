// Small fields of the backup pages: status and verification chips, the archive size.
import { Chip } from '@mui/material';
import { useLocale, useRecordContext, useTranslate } from 'react-admin';
import { formatBytes } from './backup-progress.ts';

type FieldProps = { label?: string; source?: string; sortable?: boolean };

const STATUS_COLORS = { running: 'info', completed: 'success', failed: 'error', deleted: 'default' } as const;
const VERIFY_COLORS = { ok: 'success', mismatch: 'error', missing: 'error', error: 'warning' } as const;

export function BackupStatusField(_props: FieldProps) {
  const record = useRecordContext<{ status?: keyof typeof STATUS_COLORS }>();
  const translate = useTranslate();
  if (!record?.status) return null;
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[record.status] ?? 'default'}
      label={translate(`resources.backups.statuses.${record.status}`)}
      data-status={record.status}
    />
  );
}

export function VerifyStatusField(_props: FieldProps) {
  const record = useRecordContext<{ verify_status?: keyof typeof VERIFY_COLORS | null }>();
  const translate = useTranslate();
  if (!record) return null;
  const status = record.verify_status ?? null;
  return (
    <Chip
      size="small"
      variant={status ? 'filled' : 'outlined'}
      color={status ? VERIFY_COLORS[status] : 'default'}
      label={translate(`resources.backups.verify_statuses.${status ?? 'never'}`)}
    />
  );
}

export function SizeField(_props: FieldProps) {
  const record = useRecordContext<{ size_bytes?: number | null }>();
  const locale = useLocale();
  if (!record) return null;
  return <span>{formatBytes(record.size_bytes, locale)}</span>;
}
