import { Chip, Stack } from '@mui/material';
import {
  BooleanField,
  BooleanInput,
  DatagridConfigurable,
  DateField,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  TextField,
  TextInput,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="active" source="active" />,
  <TextInput key="event_type" source="event_type" />,
];

export function SubscriptionList() {
  const rowClick = useRowClick('subscriptions');
  return (
    <List
      filters={filters}
      sort={{ field: 'created_at', order: 'DESC' }}
      empty={<EmptyState resource="subscriptions" />}
    >
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <TextField source="url" />
        <FunctionField
          source="event_types"
          sortable={false}
          render={(r) => (
            <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
              {(r.event_types as string[]).map((type) => (
                <Chip key={type} size="small" label={type} />
              ))}
            </Stack>
          )}
        />
        <BooleanField source="active" />
        <TextField source="disabled_reason" emptyText="" />
        <NumberField source="consecutive_failures" />
        <DateField source="last_success_at" showTime emptyText="—" />
        <DateField source="last_failure_at" showTime emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
