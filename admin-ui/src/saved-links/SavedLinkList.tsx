import {
  DatagridConfigurable,
  DateField,
  List,
  ReferenceField,
  SearchInput,
  TextArrayField,
  TextField,
  TextInput,
  UrlField,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="tags" source="tags" label="resources.notes.filters.tag" />,
  <TextInput key="source" source="source" />,
];

export function SavedLinkList() {
  const rowClick = useRowClick('saved-links');
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} empty={<EmptyState resource="saved-links" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        {/* The link opens the page; a click elsewhere in the row opens the record. */}
        <UrlField source="url" target="_blank" rel="noopener noreferrer" onClick={(e) => e.stopPropagation()} />
        <TextField source="description" sortable={false} emptyText="—" />
        <TextArrayField source="tags" sortable={false} />
        <ReferenceField source="event_id" reference="events" emptyText="—" sortable={false} />
        <DateField source="created_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
