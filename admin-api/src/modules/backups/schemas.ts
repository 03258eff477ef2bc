// Request/response shapes of /api/v1/backups and /api/v1/backup-restores.
import { z } from '../../openapi/zod.ts';
import { PHASES } from './write-backup.ts';

export const BACKUP_KINDS = ['manual', 'daily', 'weekly', 'monthly'] as const;
export const BACKUP_STATUSES = ['running', 'completed', 'failed', 'deleted'] as const;
export const VERIFY_STATUSES = ['ok', 'mismatch', 'missing', 'error'] as const;

const instant = z.iso.datetime();

export const backupSchema = z
  .object({
    id: z.uuid().openapi({ description: 'Also the job id of the backup run' }),
    status: z.enum(BACKUP_STATUSES),
    kind: z.enum(BACKUP_KINDS),
    target: z.enum(['s3', 'folder']),
    location: z.string().nullable().openapi({ description: 'Bucket (s3) or folder path (folder)' }),
    object_key: z.string().nullable(),
    size_bytes: z.number().int().nullable(),
    sha256: z.string().nullable().openapi({ description: 'SHA-256 of the whole archive' }),
    duration_ms: z.number().int().nullable(),
    metadata: z.record(z.string(), z.unknown()).openapi({ description: "The archive's backup_metadata.json" }),
    schema_version: z.number().int().nullable(),
    phase: z.enum(PHASES).nullable().openapi({ description: 'Live while running: what the backup is doing now' }),
    progress: z.number().int().nullable().openapi({ description: 'Percent, estimated from table sizes while dumping' }),
    bytes_done: z.number().int().nullable().openapi({ description: 'Archive bytes written so far' }),
    heartbeat_at: instant.nullable(),
    requested_by: z.string().nullable(),
    started_at: instant,
    finished_at: instant.nullable(),
    error: z.string().nullable(),
    verified_at: instant.nullable(),
    verify_status: z.enum(VERIFY_STATUSES).nullable(),
    verify_error: z.string().nullable().openapi({ description: 'Names the damaged file(s)' }),
    created_at: instant,
    updated_at: instant,
  })
  .openapi('Backup');

export const verifiedBackupSchema = backupSchema
  .extend({
    verify_files: z.record(z.string(), z.string()).openapi({ description: 'Per archive file: ok, or what is wrong' }),
  })
  .openapi('VerifiedBackup');

export const createBackupBody = z
  .object({ kind: z.enum(BACKUP_KINDS, 'must be manual, daily, weekly or monthly').default('manual') })
  .openapi('CreateBackup');

export const pruneBody = z
  .object({
    dry_run: z
      .boolean('must be true or false')
      .default(false)
      .openapi({ description: 'List what would go, delete nothing' }),
  })
  .openapi('PruneBackups');

export const pruneResultSchema = z
  .object({
    dry_run: z.boolean(),
    refused: z.string().nullable(),
    keep: z.array(z.object({ id: z.uuid(), started_at: instant, reasons: z.array(z.string()) })),
    remove: z.array(z.object({ id: z.uuid(), started_at: instant, reason: z.string() })),
    deleted: z.array(z.uuid()).openapi({ description: 'Removed by this call (empty on a dry run)' }),
    errors: z.record(z.string(), z.string()).openapi({ description: 'Backups that could not be removed, by id' }),
  })
  .openapi('PruneResult');

export const restoreSchema = z
  .object({
    id: z.uuid(),
    backup_id: z.uuid().nullable(),
    mode: z.enum(['check', 'live']),
    status: z.enum(['running', 'completed', 'failed']),
    target_database: z.string().nullable(),
    requested_by: z.string().nullable(),
    started_at: instant,
    finished_at: instant.nullable(),
    error: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).openapi({ description: '`checks`: one entry per integrity check' }),
    created_at: instant,
    updated_at: instant,
  })
  .openapi('BackupRestore');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(10)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const filterInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const backupFilters = {
  status: oneOrMany(z.enum(BACKUP_STATUSES)),
  kind: oneOrMany(z.enum(BACKUP_KINDS)),
  target: z.enum(['s3', 'folder']),
  verify_status: oneOrMany(z.enum(VERIFY_STATUSES)),
  started_from: filterInstant,
  started_to: filterInstant.openapi({ description: 'exclusive' }),
};

export const restoreFilters = {
  backup_id: z.uuid(),
  mode: z.enum(['check', 'live']),
  status: oneOrMany(z.enum(['running', 'completed', 'failed'])),
};

export type BackupDto = z.infer<typeof backupSchema>;
export type RestoreDto = z.infer<typeof restoreSchema>;
export type PruneResult = z.infer<typeof pruneResultSchema>;
