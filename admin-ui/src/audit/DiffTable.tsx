// An audit record's old → new change as a table of fields: removed and replaced values struck
// through in red, new values in green (diffJson computes the field-level changes).
import { Alert, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { diffJson, formatJsonValue, type DiffEntry } from './json-diff.ts';

const valueSx = { fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

function OldValue({ entry }: { entry: DiffEntry }) {
  if (entry.kind === 'added') return null;
  return (
    <Typography component="del" sx={{ ...valueSx, color: 'error.main' }} data-diff="old">
      {formatJsonValue(entry.oldValue)}
    </Typography>
  );
}

function NewValue({ entry }: { entry: DiffEntry }) {
  if (entry.kind === 'removed') return null;
  return (
    <Typography component="ins" sx={{ ...valueSx, color: 'success.main', textDecoration: 'none' }} data-diff="new">
      {formatJsonValue(entry.newValue)}
    </Typography>
  );
}

export function DiffTable(_props: { label?: string }) {
  const record = useRecordContext<{ old_value?: unknown; new_value?: unknown }>();
  const translate = useTranslate();
  if (!record) return null;
  const hasValues =
    (record.old_value !== null && record.old_value !== undefined) ||
    (record.new_value !== null && record.new_value !== undefined);
  if (!hasValues) return <Alert severity="info">{translate('resources.audit.diff.none')}</Alert>;
  const entries = diffJson(record.old_value, record.new_value);
  if (entries.length === 0) return <Alert severity="info">{translate('resources.audit.diff.unchanged')}</Alert>;
  return (
    <Table size="small" data-testid="audit-diff">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.audit.diff.path')}</TableCell>
          <TableCell>{translate('resources.audit.diff.old')}</TableCell>
          <TableCell>{translate('resources.audit.diff.new')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.path} data-path={entry.path}>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {entry.path || translate('resources.audit.diff.root')}{' '}
              <Typography component="span" variant="caption" color="text.secondary">
                ({translate(`resources.audit.diff.${entry.kind}`)})
              </Typography>
            </TableCell>
            <TableCell>
              <OldValue entry={entry} />
            </TableCell>
            <TableCell>
              <NewValue entry={entry} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
