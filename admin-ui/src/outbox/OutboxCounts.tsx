// How many rows wait (pending) and how many gave up (dead), always visible above the list;
// a click filters the list to them.
import { Chip, Stack } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';

function CountChip({ status, colour }: { status: 'pending' | 'dead'; colour: 'info' | 'error' }) {
  const translate = useTranslate();
  const { setFilters, filterValues } = useListContext();
  const { total, isPending } = useGetList('outbox', {
    filter: { status },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'DESC' },
  });
  return (
    <Chip
      color={colour}
      variant={filterValues.status === status ? 'filled' : 'outlined'}
      data-testid={`outbox-count-${status}`}
      label={translate(`resources.outbox.counts.${status}`, { count: isPending ? '…' : (total ?? 0) })}
      onClick={() => setFilters({ ...filterValues, status }, {})}
    />
  );
}

export function OutboxCounts() {
  return (
    <Stack direction="row" spacing={1} sx={{ mr: 'auto', alignItems: 'center' }}>
      <CountChip status="pending" colour="info" />
      <CountChip status="dead" colour="error" />
    </Stack>
  );
}
