import {
  BooleanField,
  DatagridConfigurable,
  List,
  NumberField,
  SearchInput,
  SelectField,
  TextField,
  type RaRecord,
  FunctionField,
} from 'react-admin';
import { Box } from '@mui/material';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';
import { CALENDAR_MODE_CHOICES } from './choices.ts';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

function ColorDot({ record }: { record: RaRecord }) {
  return (
    <Box
      component="span"
      sx={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: '50%',
        bgcolor: (record.color as string | null) ?? 'action.disabled',
        mr: 1,
      }}
    />
  );
}

export function CalendarList() {
  const rowClick = useRowClick('calendars');
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} empty={<EmptyState resource="calendars" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <FunctionField
          source="name"
          render={(record: RaRecord) => (
            <span>
              <ColorDot record={record} />
              {record.name}
            </span>
          )}
        />
        <TextField source="id" />
        <TextField source="time_zone" sortable={false} />
        <SelectField source="default_mode" choices={CALENDAR_MODE_CHOICES} sortable={false} />
        <BooleanField source="auto_reschedule" sortable={false} />
        <NumberField source="buffer_minutes" sortable={false} />
        <NumberField source="event_count" sortable={false} />
      </DatagridConfigurable>
    </List>
  );
}
