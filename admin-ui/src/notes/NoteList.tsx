import {
  DatagridConfigurable,
  DateField,
  FunctionField,
  List,
  ReferenceField,
  SearchInput,
  TextArrayField,
  TextField,
  TextInput,
  type RaRecord,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';
import { excerpt } from './excerpt.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="tags" source="tags" label="resources.notes.filters.tag" />,
  <TextInput key="source" source="source" />,
];

export function NoteList() {
  const rowClick = useRowClick('notes');
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} empty={<EmptyState resource="notes" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <FunctionField source="text" sortable={false} render={(record: RaRecord) => excerpt(String(record.text))} />
        <TextArrayField source="tags" sortable={false} />
        <TextField source="source" sortable={false} />
        <ReferenceField source="event_id" reference="events" emptyText="—" sortable={false} />
        <DateField source="created_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
