// What the "back up now" progress bar shows for a backup record (GET /api/v1/backups/{id}
// while it runs): a percentage when the API has estimated one, otherwise an indeterminate
// bar, together with the phase and the bytes written so far.

export type BackupPhase =
  | 'starting'
  | 'dump_chronos'
  | 'dump_n8n'
  | 'export_workflows'
  | 'export_config'
  | 'upload'
  | 'done';

export type BackupProgressFields = {
  status: 'running' | 'completed' | 'failed' | 'deleted';
  phase: BackupPhase | null;
  progress: number | null;
  bytes_done: number | null;
};

export type ProgressView = {
  finished: boolean;
  /** 0–100, or null for an indeterminate bar. */
  percent: number | null;
  phase: BackupPhase | null;
  bytesDone: number | null;
};

export function describeProgress(backup: BackupProgressFields): ProgressView {
  const finished = backup.status !== 'running';
  const raw = finished && backup.status === 'completed' ? 100 : backup.progress;
  const percent =
    raw === null || raw === undefined || Number.isNaN(raw) ? null : Math.min(100, Math.max(0, Math.round(raw)));
  return { finished, percent, phase: backup.phase, bytesDone: backup.bytes_done };
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in binary units with one decimal (1536 → "1.5 KB"); '—' for unknown sizes. */
export function formatBytes(bytes: number | null | undefined, locale = 'en'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${UNITS[unit]}`;
}
