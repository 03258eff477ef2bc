// Downloading a backup archive. The route needs the Authorization header, so a plain link
// cannot do it: the archive is fetched with the session token, read with progress (the
// response carries Content-Length), and handed to the browser as a file to save.
import { readSession } from '../providers/session.ts';
import { filenameFromDisposition } from './download-name.ts';

export type DownloadProgress = { received: number; total: number | null };

async function problemMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string; detail?: string } | null;
  return body?.message ?? body?.detail ?? `HTTP ${response.status}`;
}

export async function downloadArchive(id: string, onProgress: (progress: DownloadProgress) => void): Promise<void> {
  const session = readSession();
  const response = await fetch(`/api/v1/backups/${encodeURIComponent(id)}/download`, {
    headers: session ? { Authorization: `Bearer ${session.token}` } : {},
  });
  if (!response.ok) throw new Error(await problemMessage(response));
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
  }
  const blob = new Blob(chunks, { type: response.headers.get('Content-Type') ?? 'application/zip' });
  const name = filenameFromDisposition(response.headers.get('Content-Disposition'), `chronos-backup-${id}.zip`);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // The save reads the blob asynchronously; free it once the browser has surely taken it.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}
