// Follow-ups that rules wanted to create for this command but could not, and why.
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

type Refusal = {
  rule_id: string | null;
  rule_name: string | null;
  status: string | null;
  reason: string;
  at: string;
  errors: Record<string, string>;
};

export function RuleRefusals() {
  const record = useRecordContext<{ id: string; rule_refusals?: Refusal[] }>();
  const translate = useTranslate();
  const refusals = record?.rule_refusals ?? [];
  if (refusals.length === 0) return <Typography variant="body2">—</Typography>;
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.commands.refusal_fields.at')}</TableCell>
          <TableCell>{translate('resources.commands.refusal_fields.rule')}</TableCell>
          <TableCell>{translate('resources.commands.refusal_fields.status')}</TableCell>
          <TableCell>{translate('resources.commands.refusal_fields.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {refusals.map((refusal, i) => (
          <TableRow key={i}>
            <TableCell>{new Date(refusal.at).toLocaleString()}</TableCell>
            <TableCell>{refusal.rule_name ?? '—'}</TableCell>
            <TableCell>{refusal.status ?? '—'}</TableCell>
            <TableCell>
              {[refusal.reason, ...Object.entries(refusal.errors).map(([k, v]) => `${k} ${v}`)].join('; ')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
