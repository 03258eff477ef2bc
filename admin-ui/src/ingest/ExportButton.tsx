// Downloads a domain's export (JSON lines). The export needs the session's Authorization
// header, so it cannot be a plain link: the stream is read here, counting records for the
// progress bar, then handed to the browser as a file. A stream cut short by a server error
// ends without its final chunk, which fetch reports as an error — no partial file is saved.
import DownloadIcon from '@mui/icons-material/Download';
import { Box, LinearProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, useNotify, useTranslate } from 'react-admin';
import { readSession } from '../providers/session.ts';
import { countRecordLines, exportFileName, exportProgress } from './export-file.ts';

async function problemMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string; detail?: string } | null;
  return body?.message ?? body?.detail ?? `HTTP ${response.status}`;
}

function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButton({ domain, expected }: { domain: string; expected: number }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [received, setReceived] = useState<number | null>(null);
  const run = async () => {
    setReceived(0);
    try {
      const token = readSession()?.token;
      const response = await fetch(`/api/v1/ingest/${encodeURIComponent(domain)}/export`, {
        headers: { Accept: 'application/x-ndjson', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      if (!response.ok || !response.body) throw new Error(await problemMessage(response));
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        lines += countRecordLines(value);
        setReceived(lines);
      }
      saveFile(new Blob(chunks as BlobPart[], { type: 'application/x-ndjson' }), exportFileName(domain, new Date()));
      notify('resources.ingest.exported', { type: 'success', messageArgs: { smart_count: lines } });
    } catch (error) {
      notify('resources.ingest.export_failed', { type: 'error', messageArgs: { error: (error as Error).message } });
    } finally {
      setReceived(null);
    }
  };
  const percent = received === null ? null : exportProgress(received, expected);
  return (
    <Box sx={{ minWidth: 140 }}>
      <Button
        label="resources.ingest.export"
        onClick={run}
        disabled={received !== null}
        startIcon={<DownloadIcon />}
        aria-label={`${translate('resources.ingest.export')} ${domain}`}
      />
      {received !== null ? (
        <>
          <LinearProgress variant={percent === null ? 'indeterminate' : 'determinate'} value={percent ?? 0} />
          <Typography variant="caption">
            {translate('resources.ingest.export_progress', { smart_count: received })}
          </Typography>
        </>
      ) : null}
    </Box>
  );
}
