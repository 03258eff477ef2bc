// The events list. It must stay fast on a million events: 50 rows a page sorted by start
// (the API's index order), calendars fetched once per page through getMany, nothing per row.
// The time window uses the API's overlap semantics: an event shows when it overlaps from–to.
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import {
  AutocompleteInput,
  Button,
  CreateButton,
  DatagridConfigurable,
  DateField,
  DateTimeInput,
  ExportButton,
  FilterButton,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectColumnsButton,
  SelectField,
  SelectInput,
  TextArrayField,
  TextField,
  TextInput,
  TopToolbar,
  type RaRecord,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';
import { MODE_CHOICES, STATUS_CHOICES } from './choices.ts';
import { localToIso } from './eventForm.ts';
import { FromTemplateButton } from './FromTemplateButton.tsx';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <DateTimeInput key="from" source="from" label="resources.events.filters.from" parse={localToIso} />,
  <DateTimeInput key="to" source="to" label="resources.events.filters.to" parse={localToIso} />,
  <ReferenceInput key="calendar_id" source="calendar_id" reference="calendars" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <TextInput key="tags" source="tags" label="resources.events.filters.tag" />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} />,
];

export function CalendarViewButton() {
  return (
    <Button component={Link} to="/events-calendar" label="resources.events.calendar.open">
      <CalendarMonthIcon />
    </Button>
  );
}

function EventListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CalendarViewButton />
      <FromTemplateButton />
      <CreateButton />
      <SelectColumnsButton />
      <ExportButton maxResults={1000} />
    </TopToolbar>
  );
}

const progressText = (record: RaRecord) => {
  const progress = record.progress as { done: number; total: number } | undefined;
  return progress?.total ? `${progress.done}/${progress.total}` : '';
};

export function EventList() {
  const rowClick = useRowClick('events');
  return (
    <List
      filters={filters}
      actions={<EventListActions />}
      sort={{ field: 'start_at', order: 'ASC' }}
      perPage={50}
      empty={<EmptyState resource="events" />}
    >
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <TextField source="title" />
        <DateField source="start_at" showTime />
        <DateField source="end_at" showTime />
        <ReferenceField source="calendar_id" reference="calendars" link={false} sortable={false} />
        <SelectField source="status" choices={STATUS_CHOICES} />
        <SelectField source="effective_mode" choices={MODE_CHOICES} sortable={false} />
        <FunctionField source="progress" render={progressText} sortable={false} />
        <TextArrayField source="tags" sortable={false} />
      </DatagridConfigurable>
    </List>
  );
}
