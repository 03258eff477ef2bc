// How the dashboard judges the newest backup: a failed one, or one older than a day, needs
// attention (the nightly job should have replaced it); a running one is fine while it runs.
export type BackupLike = { status: string; started_at: string; finished_at: string | null };

export type BackupState = 'none' | 'ok' | 'running' | 'stale' | 'failed';

export const MAX_BACKUP_AGE_MS = 24 * 60 * 60 * 1000;

export function backupState(backup: BackupLike | undefined, now: number): BackupState {
  if (!backup) return 'none';
  if (backup.status === 'failed') return 'failed';
  if (backup.status === 'running') return 'running';
  const at = Date.parse(backup.finished_at ?? backup.started_at);
  return now - at > MAX_BACKUP_AGE_MS ? 'stale' : 'ok';
}

export const BACKUP_NEEDS_ATTENTION: ReadonlySet<BackupState> = new Set(['none', 'stale', 'failed']);

/** An age as the biggest whole unit: [amount, unit] for a translated "%{smart_count} hours ago". */
export function ageParts(fromMs: number, now: number): [number, 'minutes' | 'hours' | 'days'] {
  const minutes = Math.max(0, Math.floor((now - fromMs) / 60_000));
  if (minutes < 60) return [minutes, 'minutes'];
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return [hours, 'hours'];
  return [Math.floor(hours / 24), 'days'];
}
