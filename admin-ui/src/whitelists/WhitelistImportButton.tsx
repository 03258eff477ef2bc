// Import of a whitelist JSON file: the file is read and checked here first and every entry
// shows what the import will do (new / changed / unchanged / invalid); then
// POST /whitelists/import applies it all or nothing, and the server's per-entry errors or the
// final counts are shown in the same table.
import UploadIcon from '@mui/icons-material/Upload';
import {
  Alert,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type ChangeEvent } from 'react';
import { Button, useDataProvider, useGetList, useRefresh, useTranslate, type HttpError } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { errorsByEntry, parseImportFile, planImport, type WhitelistEntry } from './transfer.ts';

type Counts = { created: number; updated: number; deleted: number; unchanged: number };
const OUTCOME_COLOUR = { create: 'success', update: 'warning', unchanged: 'default', invalid: 'error' } as const;

export function WhitelistImportButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="resources.whitelists.import.button" onClick={() => setOpen(true)} startIcon={<UploadIcon />} />
      {open ? <ImportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ImportDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const [fileName, setFileName] = useState<string>();
  const [content, setContent] = useState<string>();
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const { data: existing, isPending: loadingExisting } = useGetList<WhitelistEntry & { id: string }>('whitelists', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'system', order: 'ASC' },
  });
  const parsed = useMemo(() => (content === undefined ? undefined : parseImportFile(content)), [content]);
  const plan = useMemo(
    () => (parsed?.ok && existing ? planImport(parsed.entries, existing) : undefined),
    [parsed, existing],
  );
  const importing = useMutation<Counts, HttpError>({
    mutationFn: () => dataProvider.call<Counts>('POST', 'whitelists/import', { format: 'json', content, mode }),
    onSuccess: () => refresh(),
  });
  const serverErrors = errorsByEntry(importing.error?.body?.errors);
  const invalid = plan?.some((p) => p.outcome === 'invalid') ?? true;

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    importing.reset();
    setFileName(file.name);
    setContent(await file.text());
  }

  return (
    <Dialog open onClose={importing.isPending ? undefined : onClose} maxWidth="md" fullWidth>
      <DialogTitle>{translate('resources.whitelists.import.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('resources.whitelists.import.explain')}
        </Typography>
        <input
          type="file"
          accept="application/json,.json"
          name="whitelist_file"
          aria-label={translate('resources.whitelists.import.file')}
          onChange={readFile}
        />
        {fileName ? <Typography variant="caption"> {fileName}</Typography> : null}
        <RadioGroup row value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')} sx={{ my: 1 }}>
          <FormControlLabel value="merge" control={<Radio />} label={translate('resources.whitelists.import.merge')} />
          <FormControlLabel
            value="replace"
            control={<Radio />}
            label={translate('resources.whitelists.import.replace')}
          />
        </RadioGroup>
        {loadingExisting || importing.isPending ? <LinearProgress /> : null}
        {parsed && !parsed.ok ? (
          <Alert severity="error">{translate('resources.whitelists.import.bad_file', { error: parsed.error })}</Alert>
        ) : null}
        {importing.error ? <Alert severity="error">{importing.error.message}</Alert> : null}
        {importing.data ? (
          <Alert severity="success" role="status">
            {translate('resources.whitelists.import.done', importing.data)}
          </Alert>
        ) : null}
        {plan ? (
          <Table size="small" aria-label={translate('resources.whitelists.import.entries')}>
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>{translate('resources.whitelists.import.entry')}</TableCell>
                <TableCell>{translate('resources.whitelists.import.outcome')}</TableCell>
                <TableCell>{translate('resources.whitelists.import.problems')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.map((row) => {
                const problems = [...row.problems, ...(serverErrors.get(row.index) ?? [])];
                const outcome = problems.length ? 'invalid' : row.outcome;
                return (
                  <TableRow key={row.index}>
                    <TableCell>{row.index + 1}</TableCell>
                    <TableCell>{row.key}</TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        color={OUTCOME_COLOUR[outcome]}
                        label={translate(`resources.whitelists.import.outcomes.${outcome}`)}
                      />
                    </TableCell>
                    <TableCell>{problems.join('; ')}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button
          label={importing.data ? 'ra.action.close' : 'ra.action.cancel'}
          onClick={onClose}
          disabled={importing.isPending}
        />
        {importing.data ? null : (
          <Button
            label="resources.whitelists.import.submit"
            variant="contained"
            onClick={() => importing.mutate()}
            disabled={invalid || importing.isPending || !content}
          />
        )}
      </DialogActions>
    </Dialog>
  );
}
