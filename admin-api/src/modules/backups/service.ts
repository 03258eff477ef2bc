// Backups: start (one at a time), progress, verify, restore check, delete, prune — used by the
// API (routes.ts) and the CLI (scripts/backup.ts) alike. Every state change is one transaction
// with its audit row, and backup.completed / backup.failed are emitted in the transaction that
// sets that status. The long parts (the backup itself, the restore check) run outside any
// transaction; the API starts them in the background (ctx.background, drained on shutdown),
// the CLI awaits them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { withTransaction } from '../../db/pool.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { AuditActor } from '../../http/principal.ts';
import { conflict, HttpProblem, notFound } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import { appendAudit } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { getSettingWithSecrets } from '../settings/service.ts';
import { openArchive } from './archive-reader.ts';
import { loadBackupSettings, storageFor, type LoadedBackupSettings } from './backup-settings.ts';
import type { BackupMetadata } from './metadata.ts';
import * as repo from './repo.ts';
import type { BackupRow, RestoreRow } from './repo.ts';
import { checkRestored, databaseUrlOn, dropDatabase, maintenanceUrlFor, restoreDump, type Check } from './restore.ts';
import { planRetention } from './retention.ts';
import type { BackupDto, PruneResult, RestoreDto } from './schemas.ts';
import { StorageNotConfigured, type BackupStorage } from './storage.ts';
import { verifyStoredArchive, type VerifyOutcome } from './verify.ts';
import { writeBackup, type BackupProgress } from './write-backup.ts';

export type BackupDeps = { pool: pg.Pool; config: Config; logger: Logger; version: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: string | null) => (v === null ? null : Number(v));

export function toDto(row: BackupRow): BackupDto {
  return {
    id: row.id,
    status: row.status,
    kind: row.kind,
    target: row.target,
    location: row.location,
    object_key: row.object_key,
    size_bytes: num(row.size_bytes),
    sha256: row.sha256,
    duration_ms: row.duration_ms,
    metadata: row.metadata,
    schema_version: row.schema_version,
    phase: (row.phase as BackupDto['phase']) ?? null,
    progress: row.progress,
    bytes_done: num(row.bytes_done),
    heartbeat_at: iso(row.heartbeat_at),
    requested_by: row.requested_by,
    started_at: row.started_at.toISOString(),
    finished_at: iso(row.finished_at),
    error: row.error,
    verified_at: iso(row.verified_at),
    verify_status: row.verify_status,
    verify_error: row.verify_error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toRestoreDto(row: RestoreRow): RestoreDto {
  return {
    ...row,
    started_at: row.started_at.toISOString(),
    finished_at: iso(row.finished_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view of a backup: its identity and outcome, not the metadata's table list. */
const auditView = (row: BackupRow) => ({
  status: row.status,
  kind: row.kind,
  target: row.target,
  location: row.location,
  object_key: row.object_key,
  size_bytes: num(row.size_bytes),
  sha256: row.sha256,
  error: row.error,
  verify_status: row.verify_status,
});

const SYSTEM: AuditActor = { actorType: 'system', actorId: 'backups', actorLabel: 'backup job' };

function notConfigured(error: unknown): never {
  if (error instanceof StorageNotConfigured)
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: `${error.message}: configure the backup setting first`,
      errors: { [`backup.${error.field}`]: 'is required for this backup target' },
    });
  throw error;
}

async function getOrThrow(db: pg.Pool | pg.ClientBase, id: string, forUpdate = false): Promise<BackupRow> {
  const row = await repo.getBackup(db, id, forUpdate);
  if (!row) throw notFound(`no backup with id ${id}`);
  return row;
}

export const get = async (pool: pg.Pool, id: string) => toDto(await getOrThrow(pool, id));

export async function list(pool: pg.Pool, query: ListQuery) {
  const { rows, total } = await repo.listBackups(pool, query);
  return { rows: rows.map(toDto), total };
}

async function settingsAndStorage(deps: BackupDeps, at?: BackupRow) {
  const loaded = await loadBackupSettings(deps.pool, deps.config.encryptionKey);
  try {
    return {
      loaded,
      storage: storageFor(loaded, deps.config, at ? { target: at.target, location: at.location } : undefined),
    };
  } catch (error) {
    return notConfigured(error);
  }
}

/** Marks a backup failed with its event and audit row (stale runs, failed runs). */
async function recordFailure(client: pg.ClientBase, row: BackupRow, actor: AuditActor): Promise<void> {
  await emitEvent(client, { type: 'backup.failed', entity: { kind: 'backup', id: row.id }, data: toDto(row) });
  await appendAudit(client, {
    ...actor,
    entity: 'backup',
    entityId: row.id,
    action: 'fail',
    newValue: auditView(row),
    success: false,
  });
}

export type StartedBackup = {
  row: BackupDto;
  /** Live progress of the run, updated in memory (the database copy lags by one interval). */
  progress: BackupProgress;
  /** Runs the backup to its end and returns the final record (never rejects). */
  run(): Promise<BackupDto>;
};

const timestamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Claims the single running slot (409 while another backup runs; a stale one is failed first)
 * and prepares the run. The caller starts `run()` — in the background (API) or awaited (CLI).
 */
export async function startBackup(
  deps: BackupDeps,
  input: { kind: BackupRow['kind'] },
  actor: AuditActor,
): Promise<StartedBackup> {
  const { loaded, storage } = await settingsAndStorage(deps);
  const id = randomUUID();
  const startedAt = new Date();
  const objectKey = `chronos-backup-${timestamp(startedAt)}-${input.kind}-${id}.zip`;
  const row = await withTransaction(deps.pool, async (client) => {
    for (const stale of await repo.failStale(client, deps.config.backup.staleAfterMs)) {
      deps.logger.warn({ backupId: stale.id }, 'a stale running backup was marked failed');
      await recordFailure(client, stale, SYSTEM);
    }
    const inserted = await client.query('SAVEPOINT claim').then(() =>
      repo
        .insertRunning(client, {
          id,
          kind: input.kind,
          target: storage.target,
          location: storage.location,
          objectKey,
          requestedBy: actor.actorLabel ?? actor.actorType,
        })
        .catch(async (error: { code?: string; constraint?: string }) => {
          if (error.code !== '23505') throw error;
          await client.query('ROLLBACK TO SAVEPOINT claim');
          return undefined;
        }),
    );
    if (!inserted) {
      const running = (await client.query<{ id: string }>(`SELECT id FROM backups WHERE status = 'running'`)).rows[0];
      throw conflict(`another backup is running${running ? ` (${running.id})` : ''}; one at a time`, {
        running_id: running?.id ?? null,
      });
    }
    await appendAudit(client, {
      ...actor,
      entity: 'backup',
      entityId: id,
      action: 'start',
      newValue: auditView(inserted),
    });
    return inserted;
  });
  const progress: BackupProgress = { phase: 'starting', progress: 0, bytesDone: 0 };
  return { row: toDto(row), progress, run: () => runBackup(deps, row, storage, loaded, progress) };
}

async function runBackup(
  deps: BackupDeps,
  row: BackupRow,
  storage: BackupStorage,
  loaded: LoadedBackupSettings,
  progress: BackupProgress,
): Promise<BackupDto> {
  const { pool, config, logger } = deps;
  // Heartbeat: the progress in the row, and proof of life for the stale check.
  let saving = Promise.resolve();
  const beat = () => {
    saving = saving
      .then(() => repo.updateProgress(pool, row.id, progress))
      .catch((error: Error) => logger.warn({ err: { message: error.message } }, 'backup progress not saved'));
  };
  const timer = setInterval(beat, config.backup.progressIntervalMs);
  try {
    const result = await writeBackup({
      id: row.id,
      kind: row.kind,
      objectKey: row.object_key!,
      storage,
      databaseUrl: config.databaseUrl,
      backupConfig: config.backup,
      pool,
      encryptionKey: config.encryptionKey,
      version: deps.version,
      includeN8nDatabase: loaded.settings.include_n8n_database,
      startedAt: row.started_at,
      progress,
    });
    clearInterval(timer);
    await saving;
    const done = await withTransaction(pool, async (client) => {
      const completed = await repo.markCompleted(client, row.id, result);
      if (!completed) throw new Error('the backup row is no longer running (marked stale?)');
      await emitEvent(client, {
        type: 'backup.completed',
        entity: { kind: 'backup', id: row.id },
        data: toDto(completed),
      });
      await appendAudit(client, {
        ...SYSTEM,
        entity: 'backup',
        entityId: row.id,
        action: 'complete',
        newValue: auditView(completed),
      });
      return completed;
    });
    logger.info({ backupId: row.id, bytes: result.sizeBytes }, 'backup completed');
    return toDto(done);
  } catch (error) {
    clearInterval(timer);
    await saving;
    const message = (error as Error).message || String(error);
    logger.error({ backupId: row.id, err: { message } }, 'backup failed');
    try {
      const failed = await withTransaction(pool, async (client) => {
        const marked = await repo.markFailed(client, row.id, message);
        if (marked) await recordFailure(client, marked, SYSTEM);
        return marked ?? (await getOrThrow(client, row.id));
      });
      return toDto(failed);
    } catch (recordError) {
      logger.error(
        { backupId: row.id, err: { message: (recordError as Error).message } },
        'backup failure not recorded',
      );
      return toDto({ ...row, status: 'failed', error: message });
    }
  }
}

/** DELETE: removes the archive, keeps the row as `deleted`. */
export async function remove(deps: BackupDeps, id: string, actor: AuditActor): Promise<BackupDto> {
  const row = await getOrThrow(deps.pool, id);
  if (row.status === 'running') throw conflict('the backup is still running');
  if (row.status === 'deleted') return toDto(row);
  await deleteArchive(deps, row, actor, { action: 'delete' });
  return toDto(await getOrThrow(deps.pool, id));
}

async function deleteArchive(deps: BackupDeps, row: BackupRow, actor: AuditActor, details: Record<string, unknown>) {
  if (row.object_key && row.location) {
    const { storage } = await settingsAndStorage(deps, row);
    await storage.remove(row.object_key);
  }
  await withTransaction(deps.pool, async (client) => {
    const current = await getOrThrow(client, row.id, true);
    const deleted = await repo.markDeleted(client, row.id);
    await appendAudit(client, {
      ...actor,
      entity: 'backup',
      entityId: row.id,
      action: 'delete',
      oldValue: auditView(current),
      newValue: auditView(deleted),
      details,
    });
  });
}

/** Streams the stored archive (the route sets the headers). */
export async function openDownload(
  deps: BackupDeps,
  id: string,
): Promise<{ row: BackupDto; size: number; stream: Readable }> {
  const row = await getOrThrow(deps.pool, id);
  if (row.status !== 'completed')
    throw conflict(`backup ${id} is ${row.status}; only completed backups can be downloaded`);
  const { storage } = await settingsAndStorage(deps, row);
  const size = await storage.size(row.object_key!);
  if (size === undefined) throw notFound(`the archive of backup ${id} is no longer in ${row.location}`);
  return { row: toDto(row), size, stream: await storage.read(row.object_key!) };
}

export async function verify(
  deps: BackupDeps,
  id: string,
  actor: AuditActor,
): Promise<BackupDto & { verify_files: Record<string, string> }> {
  const row = await getOrThrow(deps.pool, id);
  if (row.status !== 'completed')
    throw conflict(`backup ${id} is ${row.status}; only completed backups can be verified`);
  const { storage } = await settingsAndStorage(deps, row);
  let outcome: VerifyOutcome;
  try {
    outcome = await verifyStoredArchive(storage, row.object_key!, {
      sha256: row.sha256,
      size: num(row.size_bytes),
      metadata: row.metadata as BackupMetadata,
    });
  } catch (error) {
    outcome = { status: 'error', error: (error as Error).message, files: {} };
  }
  const updated = await withTransaction(deps.pool, async (client) => {
    const saved = await repo.setVerifyResult(client, id, outcome.status, outcome.error);
    await appendAudit(client, {
      ...actor,
      entity: 'backup',
      entityId: id,
      action: 'verify',
      success: outcome.status === 'ok',
      details: { verify_status: outcome.status, verify_error: outcome.error },
    });
    return saved;
  });
  return { ...toDto(updated), verify_files: outcome.files };
}

// --- restore check ------------------------------------------------------------------------

export type RestoreOptions = {
  /** Keep the scratch database for inspection (CLI `--keep`, tests); the caller drops it. */
  keepDatabase?: boolean;
};

const scratchName = (databaseUrl: string, tag: string) => {
  const base = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)).replace(/[^A-Za-z0-9_]/g, '_');
  return `${base.slice(0, 40)}_${tag}_${randomBytes(4).toString('hex')}`;
};

export const getRestore = async (pool: pg.Pool, id: string) => {
  const row = await repo.getRestore(pool, id);
  if (!row) throw notFound(`no restore with id ${id}`);
  return toRestoreDto(row);
};

export async function listRestores(pool: pg.Pool, query: ListQuery) {
  const { rows, total } = await repo.listRestores(pool, query);
  return { rows: rows.map(toRestoreDto), total };
}

export type StartedRestore = { row: RestoreDto; run(): Promise<RestoreDto> };

/** POST /backups/{id}/restore-check: a job restoring into a scratch database and checking it. */
export async function startRestoreCheck(
  deps: BackupDeps,
  id: string,
  actor: AuditActor,
  options: RestoreOptions = {},
): Promise<StartedRestore> {
  const backup = await getOrThrow(deps.pool, id);
  if (backup.status !== 'completed')
    throw conflict(`backup ${id} is ${backup.status}; only completed backups can be restored`);
  const { storage } = await settingsAndStorage(deps, backup);
  const database = scratchName(deps.config.databaseUrl, 'check');
  const row = await withTransaction(deps.pool, async (client) => {
    const inserted = await repo.insertRestore(client, {
      id: randomUUID(),
      backupId: id,
      mode: 'check',
      targetDatabase: database,
      requestedBy: actor.actorLabel ?? actor.actorType,
    });
    await appendAudit(client, {
      ...actor,
      entity: 'backup_restore',
      entityId: inserted.id,
      action: 'start',
      details: { backup_id: id, mode: 'check' },
    });
    return inserted;
  });
  return { row: toRestoreDto(row), run: () => runRestoreCheck(deps, backup, storage, row, options) };
}

async function runRestoreCheck(
  deps: BackupDeps,
  backup: BackupRow,
  storage: BackupStorage,
  restore: RestoreRow,
  options: RestoreOptions,
): Promise<RestoreDto> {
  const target = {
    maintenanceUrl: maintenanceUrlFor(deps.config.databaseUrl, deps.config.backup.scratchDatabaseUrl),
    binDir: deps.config.backup.pgBinDir,
  };
  const database = restore.target_database!;
  const started = Date.now();
  let checks: Check[] = [];
  let error: string | null = null;
  let created = false;
  try {
    const size = await storage.size(backup.object_key!);
    if (size === undefined) throw new Error(`the archive is no longer in ${backup.location}`);
    const archive = await openArchive(storage, backup.object_key!, size);
    try {
      created = true;
      const dumpSha = await restoreDump(target, archive, database);
      checks = await checkRestored(
        databaseUrlOn(target.maintenanceUrl, database),
        backup.metadata as BackupMetadata,
        dumpSha,
      );
    } finally {
      archive.close();
    }
  } catch (e) {
    error = (e as Error).message;
  } finally {
    if (created && !options.keepDatabase)
      await dropDatabase(target, database).catch((e: Error) =>
        deps.logger.warn({ database, err: { message: e.message } }, 'scratch database not dropped'),
      );
  }
  const failedChecks = checks.filter((c) => !c.ok).map((c) => c.name);
  if (!error && failedChecks.length) error = `checks failed: ${failedChecks.join(', ')}`;
  const details = {
    checks,
    passed: !error,
    duration_ms: Date.now() - started,
    scratch_dropped: created && !options.keepDatabase,
  };
  const finished = await withTransaction(deps.pool, async (client) => {
    const saved = await repo.finishRestore(client, restore.id, error ? 'failed' : 'completed', details, error);
    await appendAudit(client, {
      ...SYSTEM,
      entity: 'backup_restore',
      entityId: restore.id,
      action: error ? 'fail' : 'complete',
      success: !error,
      details: { backup_id: backup.id, mode: 'check', checks: checks.map((c) => ({ name: c.name, ok: c.ok })), error },
    });
    return saved;
  });
  return toRestoreDto(finished);
}

// --- retention ----------------------------------------------------------------------------

export async function prune(deps: BackupDeps, dryRun: boolean, actor: AuditActor): Promise<PruneResult> {
  const { settings } = await loadBackupSettings(deps.pool, deps.config.encryptionKey);
  const general = await getSettingWithSecrets(deps.pool, deps.config.encryptionKey, 'general');
  const rows = await repo.completedBackups(deps.pool);
  const plan = planRetention(
    rows.map((r) => ({ id: r.id, startedAt: r.started_at, verifyStatus: r.verify_status })),
    {
      keepDaily: settings.keep_daily,
      keepWeekly: settings.keep_weekly,
      keepMonthly: settings.keep_monthly,
      timeZone: (general.value.timezone as string | undefined) ?? 'UTC',
    },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result: PruneResult = {
    dry_run: dryRun,
    refused: plan.refused,
    keep: plan.keep.map((k) => ({ ...k, started_at: byId.get(k.id)!.started_at.toISOString() })),
    remove: plan.remove.map((r) => ({ ...r, started_at: byId.get(r.id)!.started_at.toISOString() })),
    deleted: [],
    errors: {},
  };
  if (dryRun) return result;
  if (plan.refused) throw conflict(plan.refused, { keep: [], remove: result.remove });
  for (const item of plan.remove) {
    try {
      await deleteArchive(deps, byId.get(item.id)!, actor, { action: 'prune', reason: item.reason });
      result.deleted.push(item.id);
    } catch (error) {
      result.errors[item.id] = (error as Error).message;
    }
  }
  return result;
}
