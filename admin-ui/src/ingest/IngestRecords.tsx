// The records of one domain, newest first, searchable in the payload text; a row opens the
// whole payload. The API's list lives under the domain (ingest/<domain>/records), so this is a
// list of its own rather than a registered resource.
import { Box, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Datagrid,
  DateField,
  FunctionField,
  ListBase,
  ListToolbar,
  NumberField,
  Pagination,
  SearchInput,
  TextField,
  useTranslate,
} from 'react-admin';
import { PayloadDialog } from './PayloadDialog.tsx';

export type IngestRecord = {
  id: string;
  domain: string;
  received_at: string;
  payload: unknown;
  source_ip: string | null;
  size_bytes: number | null;
};

const PREVIEW_CHARS = 120;

function preview(payload: unknown): string {
  const text = JSON.stringify(payload) ?? '';
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export function IngestRecords({ domain }: { domain: string }) {
  const translate = useTranslate();
  const [open, setOpen] = useState<IngestRecord | null>(null);
  return (
    <Box data-testid="ingest-records">
      <Typography variant="h6" sx={{ mt: 3 }}>
        {translate('resources.ingest.records_title', { domain })}
      </Typography>
      <ListBase
        resource={`ingest/${domain}/records`}
        sort={{ field: 'received_at', order: 'DESC' }}
        perPage={25}
        disableSyncWithLocation
        storeKey={false}
      >
        <ListToolbar filters={filters} actions={false} />
        <Datagrid
          bulkActionButtons={false}
          rowClick={(_id, _resource, record) => {
            setOpen(record as IngestRecord);
            return false;
          }}
          empty={<Typography sx={{ p: 2 }}>{translate('resources.ingest.no_records')}</Typography>}
        >
          <DateField source="received_at" showTime label="resources.ingest.fields.received_at" />
          <NumberField source="size_bytes" label="resources.ingest.fields.size_bytes" />
          <TextField source="source_ip" label="resources.ingest.fields.source_ip" sortable={false} emptyText="—" />
          <FunctionField
            label="resources.ingest.fields.payload"
            sortable={false}
            render={(record: IngestRecord) => (
              <Box component="code" sx={{ fontSize: 12 }}>
                {preview(record.payload)}
              </Box>
            )}
          />
        </Datagrid>
        <Pagination rowsPerPageOptions={[10, 25, 50, 100]} />
      </ListBase>
      <PayloadDialog record={open} onClose={() => setOpen(null)} />
    </Box>
  );
}
