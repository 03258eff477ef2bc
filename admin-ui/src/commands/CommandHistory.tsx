// A command's history from the audit log (created, claimed, completed, resent… with the
// operator's reason). The audit log is for admins, so viewers do not see this block.
import { LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, usePermissions, useRecordContext, useTranslate } from 'react-admin';

type AuditRow = {
  id: string;
  occurred_at: string;
  action: string;
  actor_label: string | null;
  actor_type: string;
  success: boolean;
  details: Record<string, unknown> | null;
};

function HistoryTable({ commandId }: { commandId: string }) {
  const translate = useTranslate();
  const { data, isPending } = useGetList<AuditRow>('audit', {
    filter: { entity: 'command', entity_id: commandId },
    sort: { field: 'seq', order: 'ASC' },
    pagination: { page: 1, perPage: 200 },
  });
  if (isPending) return <LinearProgress />;
  if (!data?.length) return <Typography variant="body2">—</Typography>;
  return (
    <Table size="small" aria-label={translate('resources.commands.history')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.commands.history_fields.at')}</TableCell>
          <TableCell>{translate('resources.commands.history_fields.action')}</TableCell>
          <TableCell>{translate('resources.commands.history_fields.actor')}</TableCell>
          <TableCell>{translate('resources.commands.history_fields.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((row) => (
          <TableRow key={row.id}>
            <TableCell>{new Date(row.occurred_at).toLocaleString()}</TableCell>
            <TableCell>{row.action}</TableCell>
            <TableCell>{row.actor_label ?? row.actor_type}</TableCell>
            <TableCell>{typeof row.details?.reason === 'string' ? row.details.reason : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function CommandHistory() {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  if (!record || permissions !== 'admin') return null;
  return <HistoryTable commandId={String(record.id)} />;
}
