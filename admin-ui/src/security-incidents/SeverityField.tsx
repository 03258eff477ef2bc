import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { SEVERITY_COLORS, type Severity } from './severity.ts';

export function SeverityField(_props: { label?: string; source?: string; sortable?: boolean }) {
  const record = useRecordContext<{ severity?: Severity }>();
  const translate = useTranslate();
  if (!record?.severity) return null;
  return (
    <Chip
      size="small"
      color={SEVERITY_COLORS[record.severity] ?? 'default'}
      label={translate(`resources.security-incidents.severities.${record.severity}`)}
    />
  );
}
