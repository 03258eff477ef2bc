import {
  BooleanField,
  BooleanInput,
  BulkDeleteButton,
  CreateButton,
  DatagridConfigurable,
  DateField,
  FunctionField,
  List,
  SearchInput,
  TextField,
  TextInput,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { Box } from '@mui/material';
import { EmptyState } from '../layout/EmptyState.tsx';
import { ExportAllButton, ExportSelectedButton } from './WhitelistExportButtons.tsx';
import { WhitelistImportButton } from './WhitelistImportButton.tsx';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="system" source="system" />,
  <BooleanInput key="enabled" source="enabled" />,
];

function Actions() {
  const { canAccess: canEdit } = useCanAccess({ action: 'create', resource: 'whitelists' });
  return (
    <TopToolbar>
      {canEdit ? <CreateButton /> : null}
      <ExportAllButton />
      {canEdit ? <WhitelistImportButton /> : null}
    </TopToolbar>
  );
}

function BulkActions() {
  const { canAccess: canDelete } = useCanAccess({ action: 'delete', resource: 'whitelists' });
  return (
    <>
      <ExportSelectedButton />
      {canDelete ? <BulkDeleteButton mutationMode="pessimistic" /> : null}
    </>
  );
}

// An empty whitelist still offers the import: restoring a file is how most set-ups start.
function Empty() {
  const { canAccess } = useCanAccess({ action: 'create', resource: 'whitelists' });
  return (
    <Box>
      <EmptyState resource="whitelists" />
      {canAccess ? (
        <Box sx={{ textAlign: 'center' }}>
          <WhitelistImportButton />
        </Box>
      ) : null}
    </Box>
  );
}

export function WhitelistList() {
  const rowClick = useRowClick('whitelists');
  return (
    <List filters={filters} actions={<Actions />} sort={{ field: 'system', order: 'ASC' }} empty={<Empty />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={<BulkActions />}>
        <TextField source="system" />
        <TextField source="action" />
        <FunctionField
          source="params"
          sortable={false}
          render={(record) => Object.keys(record.params ?? {}).join(', ') || '—'}
        />
        <BooleanField source="enabled" />
        <TextField source="description" emptyText="—" />
        <DateField source="updated_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
