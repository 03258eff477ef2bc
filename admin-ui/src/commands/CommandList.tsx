import {
  AutocompleteInput,
  DatagridConfigurable,
  DateField,
  DateTimeInput,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useWhitelistCatalog } from '../whitelists/useWhitelistCatalog.ts';
import { COMMAND_STATUSES } from './command-status.ts';
import { CommandStatusChip } from './CommandStatusChip.tsx';

const STATUS_CHOICES = COMMAND_STATUSES.map((id) => ({ id, name: `resources.commands.statuses.${id}` }));

export function CommandList() {
  const { catalog } = useWhitelistCatalog();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
    <AutocompleteInput key="system" source="system" choices={catalog.systems} alwaysOn />,
    <DateTimeInput key="created_from" source="created_from" />,
    <DateTimeInput key="created_to" source="created_to" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} empty={<EmptyState resource="commands" />}>
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <DateField source="created_at" showTime />
        <TextField source="system" />
        <TextField source="action" />
        <CommandStatusChip source="status" label="resources.commands.fields.status" sortable />
        <NumberField source="attempts" />
        <TextField source="source" />
        <TextField source="last_error" emptyText="" />
        <DateField source="updated_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
