import {
  DatagridConfigurable,
  DateField,
  DateTimeInput,
  ExportButton,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { BulkRetryButton } from './BulkRetryButton.tsx';
import { OutboxCounts } from './OutboxCounts.tsx';
import { OutboxStatusChip } from './OutboxStatusChip.tsx';
import { PurgeButton } from './PurgeButton.tsx';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from './outbox-status.ts';

const STATUS_CHOICES = OUTBOX_STATUSES.map((id) => ({ id, name: `resources.outbox.statuses.${id}` }));
const CHANNEL_CHOICES = OUTBOX_CHANNELS.map((id) => ({ id, name: id }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
  <SelectInput key="channel" source="channel" choices={CHANNEL_CHOICES} />,
  <TextInput key="event_type" source="event_type" />,
  <TextInput key="subscription_id" source="subscription_id" />,
  <DateTimeInput key="created_from" source="created_from" />,
  <DateTimeInput key="created_to" source="created_to" />,
];

function Actions({ admin }: { admin: boolean }) {
  return (
    <TopToolbar sx={{ width: '100%' }}>
      <OutboxCounts />
      <ExportButton />
      {admin ? <PurgeButton /> : null}
    </TopToolbar>
  );
}

export function OutboxList() {
  // Retrying and purging are admin actions (the API's `admin` scope); viewers only read.
  const { canAccess: admin = false } = useCanAccess({ action: 'edit', resource: 'outbox' });
  return (
    <List
      filters={filters}
      actions={<Actions admin={admin} />}
      sort={{ field: 'created_at', order: 'DESC' }}
      empty={<EmptyState resource="outbox" />}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={admin ? <BulkRetryButton /> : false}>
        <DateField source="created_at" showTime />
        <TextField source="event_type" />
        <TextField source="channel" />
        <TextField source="target" emptyText="—" />
        <OutboxStatusChip source="status" label="resources.outbox.fields.status" sortable />
        <NumberField source="attempts" />
        <NumberField source="last_status_code" emptyText="—" />
        <TextField source="last_error" emptyText="" />
        <DateField source="available_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
