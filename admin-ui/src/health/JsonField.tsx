// A JSON value (details, params, payload) pretty-printed in a scrollable block.
import { Box } from '@mui/material';
import { useRecordContext } from 'react-admin';

export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <Box
      component="pre"
      data-testid={testId}
      sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 400, fontSize: 13 }}
    >
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}

export function JsonField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  if (!record) return null;
  return <JsonBlock value={record[source]} />;
}
