// The versioned n8n workflows (workflows/<key>.json) the import tooling installed: read-only,
// because only `npm run workflows -- import` writes these rows. "Matched the file" compares
// what n8n held right after the import with the file: a difference there means n8n changed
// the workflow on import (the importer reports live edits made later as conflicts itself).
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
} from 'react-admin';
import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';

type WorkflowInstall = { content_hash: string; n8n_content_hash: string };

const filters = [<SearchInput key="q" source="q" alwaysOn />, <BooleanInput key="active" source="active" />];

function ImportMatch({ record }: { record: WorkflowInstall }) {
  const translate = useTranslate();
  const same = record.content_hash === record.n8n_content_hash;
  return (
    <Chip
      size="small"
      color={same ? 'success' : 'warning'}
      variant="outlined"
      label={translate(same ? 'resources.workflow-installs.matched' : 'resources.workflow-installs.differs')}
    />
  );
}

export function WorkflowInstallList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'workflow_key', order: 'ASC' }}
      empty={<EmptyState resource="workflow-installs" />}
    >
      <DatagridConfigurable rowClick={false} bulkActionButtons={false}>
        <TextField source="name" />
        <TextField source="workflow_key" />
        <NumberField source="version" />
        <BooleanField source="active" />
        <FunctionField
          source="n8n_content_hash"
          label="resources.workflow-installs.fields.import_state"
          sortable={false}
          render={(record: WorkflowInstall) => <ImportMatch record={record} />}
        />
        <TextField source="id" label="resources.workflow-installs.fields.id" sortable={false} />
        <DateField source="imported_at" showTime />
        <TextField source="imported_by" sortable={false} />
        <DateField source="n8n_updated_at" showTime sortable={false} emptyText="—" />
      </DatagridConfigurable>
    </List>
  );
}
