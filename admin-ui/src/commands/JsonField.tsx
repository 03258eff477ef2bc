// A JSON value (params, result, payload) as indented, monospaced text.
import { Box } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { prettyJson } from './params-json.ts';

export function JsonField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  return (
    <Box
      component="pre"
      data-source={source}
      sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 13, overflowX: 'auto', maxWidth: 900 }}
    >
      {prettyJson(record?.[source])}
    </Box>
  );
}
