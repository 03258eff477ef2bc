// An API key's status as a coloured chip: only active keys are green.
import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

const COLORS = { active: 'success', grace: 'warning', expired: 'default', revoked: 'error' } as const;

export function StatusField(_props: { label?: string; source?: string; sortable?: boolean }) {
  const record = useRecordContext<{ status?: keyof typeof COLORS }>();
  const translate = useTranslate();
  if (!record?.status) return null;
  return (
    <Chip
      size="small"
      color={COLORS[record.status] ?? 'default'}
      label={translate(`resources.api-keys.statuses.${record.status}`)}
    />
  );
}
