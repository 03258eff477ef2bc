// A JSON value of the record (audit details) pretty-printed, or a dash when absent.
import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';

export function JsonField({ source }: { source: string; label?: string }) {
  const record = useRecordContext<Record<string, unknown>>();
  const value = record?.[source];
  if (value === null || value === undefined) return <Typography variant="body2">—</Typography>;
  return (
    <Typography component="pre" variant="body2" sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', m: 0 }}>
      {JSON.stringify(value, null, 2)}
    </Typography>
  );
}
