// Open or acknowledged, as a chip (open incidents stand out).
import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

export function StateField(_props: { label?: string; source?: string; sortable?: boolean }) {
  const record = useRecordContext<{ open?: boolean }>();
  const translate = useTranslate();
  if (!record) return null;
  return record.open ? (
    <Chip size="small" color="warning" label={translate('resources.security-incidents.open_state')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('resources.security-incidents.acknowledged_state')} />
  );
}
