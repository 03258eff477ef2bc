// An API key's scopes as compact chips (the raw scope names clients and logs use).
import { Chip, Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';

export function ScopesField(_props: { label?: string; source?: string; sortable?: boolean }) {
  const record = useRecordContext<{ scopes?: string[] }>();
  if (!record?.scopes?.length) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {record.scopes.map((scope) => (
        <Chip
          key={scope}
          label={scope}
          size="small"
          color={scope === 'admin' ? 'warning' : 'default'}
          sx={{ fontFamily: 'monospace' }}
        />
      ))}
    </Stack>
  );
}
