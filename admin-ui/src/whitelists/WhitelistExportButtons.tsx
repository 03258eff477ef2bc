// Export of the whitelist as a JSON file: everything (the API's own export, stable order) or
// the rows selected in the list (same document shape, built here).
import DownloadIcon from '@mui/icons-material/Download';
import { Button, useDataProvider, useListContext, useNotify, useUnselectAll } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { downloadText } from './download.ts';
import { buildExport, exportFileName, type WhitelistEntry } from './transfer.ts';

export function ExportAllButton() {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.call('GET', 'whitelists/export?format=json'),
    onSuccess: (document) => {
      const text = typeof document === 'string' ? document : `${JSON.stringify(document, null, 2)}\n`;
      downloadText(exportFileName(new Date()), text);
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Button
      label="resources.whitelists.export_all"
      onClick={() => mutate()}
      disabled={isPending}
      startIcon={<DownloadIcon />}
    />
  );
}

export function ExportSelectedButton() {
  const { data, selectedIds } = useListContext<WhitelistEntry & { id: string }>();
  const unselectAll = useUnselectAll('whitelists');
  const selected = (data ?? []).filter((row) => selectedIds.includes(row.id));
  return (
    <Button
      label="resources.whitelists.export_selected"
      startIcon={<DownloadIcon />}
      disabled={selected.length === 0}
      onClick={() => {
        downloadText(exportFileName(new Date()), `${JSON.stringify(buildExport(selected), null, 2)}\n`);
        unselectAll();
      }}
    />
  );
}
