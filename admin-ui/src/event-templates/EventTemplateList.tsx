import {
  DatagridConfigurable,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  ReferenceInput,
  AutocompleteInput,
  SearchInput,
  TextArrayField,
  TextField,
  type RaRecord,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="calendar_id" source="calendar_id" reference="calendars">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
];

export function EventTemplateList() {
  const rowClick = useRowClick('event-templates');
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} empty={<EmptyState resource="event-templates" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <TextField source="name" />
        <TextField source="title" sortable={false} />
        <NumberField source="duration_minutes" sortable={false} />
        <ReferenceField source="calendar_id" reference="calendars" link={false} emptyText="—" sortable={false} />
        <TextArrayField source="tags" sortable={false} />
        <FunctionField
          source="checklist"
          sortable={false}
          render={(record: RaRecord) => (record.checklist as unknown[]).length}
        />
        <NumberField source="usage_count" />
      </DatagridConfigurable>
    </List>
  );
}
