// SQL for backups and backup_restores (migrations/0008, 0019).
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type BackupRow = {
  id: string;
  status: 'running' | 'completed' | 'failed' | 'deleted';
  kind: 'manual' | 'daily' | 'weekly' | 'monthly';
  target: 's3' | 'folder';
  location: string | null;
  object_key: string | null;
  size_bytes: string | null;
  sha256: string | null;
  duration_ms: number | null;
  metadata: Record<string, unknown>;
  schema_version: number | null;
  phase: string | null;
  progress: number | null;
  bytes_done: string | null;
  heartbeat_at: Date | null;
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  verified_at: Date | null;
  verify_status: 'ok' | 'mismatch' | 'missing' | 'error' | null;
  verify_error: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, status, kind, target, location, object_key, size_bytes, sha256, duration_ms, metadata,
  schema_version, phase, progress, bytes_done, heartbeat_at, requested_by, started_at, finished_at, error,
  verified_at, verify_status, verify_error, created_at, updated_at`;

export const SORTABLE = ['started_at', 'finished_at', 'status', 'kind', 'size_bytes', 'duration_ms', 'verified_at'];

const listTable: ListTable = {
  from: 'backups',
  columns: COLUMNS,
  idColumn: 'id',
  search: ilikeSearch('id::text', 'object_key', 'error', 'requested_by'),
  filters: {
    status: filterSql.oneOf('status'),
    kind: filterSql.oneOf('kind'),
    target: filterSql.equals('target'),
    verify_status: filterSql.oneOf('verify_status'),
    started_from: filterSql.from('started_at'),
    started_to: filterSql.until('started_at'),
  },
  sortColumns: Object.fromEntries(SORTABLE.map((c) => [c, c])),
};

export const listBackups = (db: Queryable, query: ListQuery) => listRows<BackupRow>(db, listTable, query);

export async function getBackup(db: Queryable, id: string, forUpdate = false): Promise<BackupRow | undefined> {
  const result = await db.query<BackupRow>(
    `SELECT ${COLUMNS} FROM backups WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

/** Running backups whose heartbeat (or start) is older than `staleAfterMs`: their process died. */
export async function failStale(db: Queryable, staleAfterMs: number): Promise<BackupRow[]> {
  const result = await db.query<BackupRow>(
    `UPDATE backups SET status = 'failed', finished_at = greatest(now(), started_at),
            error = 'stale: no progress since ' || coalesce(heartbeat_at, started_at)::text || ' (the backing-up process stopped)'
      WHERE status = 'running' AND coalesce(heartbeat_at, started_at) < now() - make_interval(secs => $1 / 1000.0)
      RETURNING ${COLUMNS}`,
    [staleAfterMs],
  );
  return result.rows;
}

export async function insertRunning(
  db: Queryable,
  row: { id: string; kind: string; target: string; location: string; objectKey: string; requestedBy: string | null },
): Promise<BackupRow> {
  const result = await db.query<BackupRow>(
    `INSERT INTO backups (id, status, kind, target, location, object_key, requested_by, phase, progress, bytes_done,
                          heartbeat_at)
     VALUES ($1, 'running', $2, $3, $4, $5, $6, 'starting', 0, 0, now())
     RETURNING ${COLUMNS}`,
    [row.id, row.kind, row.target, row.location, row.objectKey, row.requestedBy],
  );
  return result.rows[0]!;
}

export async function updateProgress(
  db: Queryable,
  id: string,
  progress: { phase: string; progress: number | null; bytesDone: number },
): Promise<void> {
  await db.query(
    `UPDATE backups SET phase = $2, progress = $3, bytes_done = $4, heartbeat_at = now()
      WHERE id = $1 AND status = 'running'`,
    [id, progress.phase, progress.progress, progress.bytesDone],
  );
}

export async function markCompleted(
  db: Queryable,
  id: string,
  done: { sizeBytes: number; sha256: string; metadata: unknown; schemaVersion: number | null },
): Promise<BackupRow | undefined> {
  const result = await db.query<BackupRow>(
    `UPDATE backups SET status = 'completed', phase = 'done', progress = 100, bytes_done = $2, size_bytes = $2,
            sha256 = $3, metadata = $4::jsonb, schema_version = $5, finished_at = greatest(now(), started_at),
            duration_ms = greatest(0, round(extract(epoch FROM (greatest(now(), started_at) - started_at)) * 1000)),
            heartbeat_at = now()
      WHERE id = $1 AND status = 'running'
      RETURNING ${COLUMNS}`,
    [id, done.sizeBytes, done.sha256, JSON.stringify(done.metadata), done.schemaVersion],
  );
  return result.rows[0];
}

export async function markFailed(db: Queryable, id: string, error: string): Promise<BackupRow | undefined> {
  const result = await db.query<BackupRow>(
    `UPDATE backups SET status = 'failed', error = $2, finished_at = greatest(now(), started_at),
            duration_ms = greatest(0, round(extract(epoch FROM (greatest(now(), started_at) - started_at)) * 1000))
      WHERE id = $1 AND status = 'running'
      RETURNING ${COLUMNS}`,
    [id, error.slice(0, 4000)],
  );
  return result.rows[0];
}

export async function markDeleted(db: Queryable, id: string): Promise<BackupRow> {
  const result = await db.query<BackupRow>(`UPDATE backups SET status = 'deleted' WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
  ]);
  return result.rows[0]!;
}

export async function setVerifyResult(
  db: Queryable,
  id: string,
  status: 'ok' | 'mismatch' | 'missing' | 'error',
  error: string | null,
): Promise<BackupRow> {
  const result = await db.query<BackupRow>(
    `UPDATE backups SET verified_at = now(), verify_status = $2, verify_error = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, error?.slice(0, 4000) ?? null],
  );
  return result.rows[0]!;
}

/** Completed backups (with their verify state), for retention. */
export async function completedBackups(db: Queryable): Promise<BackupRow[]> {
  return (
    await db.query<BackupRow>(`SELECT ${COLUMNS} FROM backups WHERE status = 'completed' ORDER BY started_at DESC`)
  ).rows;
}

// --- backup_restores ------------------------------------------------------------------------

export type RestoreRow = {
  id: string;
  backup_id: string | null;
  mode: 'check' | 'live';
  status: 'running' | 'completed' | 'failed';
  target_database: string | null;
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
};

const RESTORE_COLUMNS = `id, backup_id, mode, status, target_database, requested_by, started_at, finished_at, error,
  details, created_at, updated_at`;

export const RESTORE_SORTABLE = ['started_at', 'finished_at', 'status', 'mode'];

const restoreListTable: ListTable = {
  from: 'backup_restores',
  columns: RESTORE_COLUMNS,
  idColumn: 'id',
  search: ilikeSearch('id::text', 'backup_id::text', 'target_database', 'error'),
  filters: {
    backup_id: filterSql.equals('backup_id'),
    mode: filterSql.equals('mode'),
    status: filterSql.oneOf('status'),
  },
  sortColumns: Object.fromEntries(RESTORE_SORTABLE.map((c) => [c, c])),
};

export const listRestores = (db: Queryable, query: ListQuery) => listRows<RestoreRow>(db, restoreListTable, query);

export async function getRestore(db: Queryable, id: string): Promise<RestoreRow | undefined> {
  return (await db.query<RestoreRow>(`SELECT ${RESTORE_COLUMNS} FROM backup_restores WHERE id = $1`, [id])).rows[0];
}

export async function insertRestore(
  db: Queryable,
  row: {
    id: string;
    backupId: string | null;
    mode: 'check' | 'live';
    targetDatabase: string;
    requestedBy: string | null;
  },
  status: 'running' | 'completed' | 'failed' = 'running',
  details: Record<string, unknown> = {},
): Promise<RestoreRow> {
  const result = await db.query<RestoreRow>(
    `INSERT INTO backup_restores (id, backup_id, mode, status, target_database, requested_by, details, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $4 = 'running' THEN NULL ELSE now() END)
     RETURNING ${RESTORE_COLUMNS}`,
    [row.id, row.backupId, row.mode, status, row.targetDatabase, row.requestedBy, JSON.stringify(details)],
  );
  return result.rows[0]!;
}

export async function finishRestore(
  db: Queryable,
  id: string,
  status: 'completed' | 'failed',
  details: Record<string, unknown>,
  error: string | null,
): Promise<RestoreRow> {
  const result = await db.query<RestoreRow>(
    `UPDATE backup_restores SET status = $2, details = $3::jsonb, error = $4, finished_at = now()
      WHERE id = $1 RETURNING ${RESTORE_COLUMNS}`,
    [id, status, JSON.stringify(details), error?.slice(0, 4000) ?? null],
  );
  return result.rows[0]!;
}

/**
 * After a live restore: the restored database holds this backup's row as it was while the
 * backup ran (its own dump was taken then); record it as the completed backup it became.
 */
export async function adoptCompleted(
  db: Queryable,
  id: string,
  done: { sizeBytes: number; sha256: string; metadata: unknown; schemaVersion: number | null; finishedAt: Date | null },
): Promise<void> {
  await db.query(
    `UPDATE backups SET status = 'completed', phase = 'done', progress = 100, bytes_done = $2, size_bytes = $2,
            sha256 = $3, metadata = $4::jsonb, schema_version = $5,
            finished_at = greatest(coalesce($6::timestamptz, now()), started_at),
            duration_ms = greatest(0, round(extract(epoch FROM (greatest(coalesce($6::timestamptz, now()), started_at) - started_at)) * 1000))
      WHERE id = $1 AND status = 'running'`,
    [id, done.sizeBytes, done.sha256, JSON.stringify(done.metadata), done.schemaVersion, done.finishedAt],
  );
}
