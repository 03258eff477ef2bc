import { Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { Button, useLocaleState, useTranslate } from 'react-admin';
import { JsonBlock } from '../health/JsonField.tsx';
import type { IngestRecord } from './IngestRecords.tsx';

export function PayloadDialog({ record, onClose }: { record: IngestRecord | null; onClose: () => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Dialog open={record !== null} onClose={onClose} maxWidth="md" fullWidth>
      {record ? (
        <>
          <DialogTitle>
            {translate('resources.ingest.payload_title', {
              domain: record.domain,
              at: new Date(record.received_at).toLocaleString(locale),
            })}
          </DialogTitle>
          <DialogContent>
            <JsonBlock value={record.payload} testId="ingest-payload" />
          </DialogContent>
        </>
      ) : null}
      <DialogActions>
        <Button label="ra.action.close" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
}
