// Ingest: the domains webhook callers push records to (POST /ingest/{domain}), with their
// record counts and tokens; the records of the selected domain; and the export of a domain's
// records as JSON lines. The selected domain is kept in the URL (?domain=) so it can be linked.
import { Box, Card, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Button, Title, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '../layout/EmptyState.tsx';
import { ExportButton } from './ExportButton.tsx';
import { IngestRecords } from './IngestRecords.tsx';

type IngestDomain = {
  id: string;
  domain: string;
  record_count: number;
  first_received_at: string | null;
  last_received_at: string | null;
  active_tokens: number;
};

export function IngestPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [params, setParams] = useSearchParams();
  const selected = params.get('domain');
  const { data, isPending, error } = useGetList<IngestDomain>('ingest/domains', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'domain', order: 'ASC' },
  });
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : '—');
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('resources.ingest.title')} />
      <Typography variant="h5" sx={{ mb: 2 }}>
        {translate('resources.ingest.title')}
      </Typography>
      {isPending ? <LinearProgress /> : null}
      {error ? <Typography color="error">{(error as Error).message}</Typography> : null}
      {data?.length === 0 ? <EmptyState resource="ingest" /> : null}
      {data?.length ? (
        <Card variant="outlined">
          <Table size="small" data-testid="ingest-domains">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.ingest.fields.domain')}</TableCell>
                <TableCell align="right">{translate('resources.ingest.fields.record_count')}</TableCell>
                <TableCell>{translate('resources.ingest.fields.first_received_at')}</TableCell>
                <TableCell>{translate('resources.ingest.fields.last_received_at')}</TableCell>
                <TableCell align="right">{translate('resources.ingest.fields.active_tokens')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((d) => (
                <TableRow key={d.id} selected={d.domain === selected} data-testid={`domain-${d.domain}`}>
                  <TableCell>{d.domain}</TableCell>
                  <TableCell align="right">{d.record_count}</TableCell>
                  <TableCell>{when(d.first_received_at)}</TableCell>
                  <TableCell>{when(d.last_received_at)}</TableCell>
                  <TableCell align="right">{d.active_tokens}</TableCell>
                  <TableCell>
                    <Box sx={{ display: 'flex', gap: 1, alignItems: 'start' }}>
                      <Button
                        label="resources.ingest.show_records"
                        aria-label={`${translate('resources.ingest.show_records')} ${d.domain}`}
                        onClick={() => setParams({ domain: d.domain })}
                      />
                      <ExportButton domain={d.domain} expected={d.record_count} />
                    </Box>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      ) : null}
      {selected ? <IngestRecords key={selected} domain={selected} /> : null}
    </Box>
  );
}
