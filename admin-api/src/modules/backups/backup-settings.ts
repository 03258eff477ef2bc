// The `backup` setting (target, bucket or folder, retention) with its secret, read inside the
// process, and the storage it describes. A setting that cannot work (no bucket, no folder) is a
// StorageNotConfigured naming the field, which the API reports as a 422 on that field.
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { getSettingWithSecrets } from '../settings/service.ts';
import { folderStorage } from './storage-folder.ts';
import { s3Storage } from './storage-s3.ts';
import { StorageNotConfigured, type BackupStorage } from './storage.ts';

export type BackupSettings = {
  target: 's3' | 'folder';
  endpoint: string | null;
  bucket: string | null;
  region: string | null;
  access_key: string | null;
  folder_path: string | null;
  force_path_style: boolean;
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  include_n8n_database: boolean;
};

export type LoadedBackupSettings = { settings: BackupSettings; secretKey: string | null };

export async function loadBackupSettings(db: pg.Pool | pg.ClientBase, key: Buffer): Promise<LoadedBackupSettings> {
  const { value, secrets } = await getSettingWithSecrets(db, key, 'backup');
  return { settings: value as BackupSettings, secretKey: secrets.secret_key ?? null };
}

/**
 * The storage as configured now; for an existing backup, `at` names where it was written (its
 * target and location: the bucket on the configured endpoint, or the folder).
 */
export function storageFor(
  loaded: LoadedBackupSettings,
  config: Config,
  at?: { target: string; location: string | null },
): BackupStorage {
  const target = at?.target ?? loaded.settings.target;
  const s = {
    ...loaded.settings,
    ...(at?.location ? (target === 'folder' ? { folder_path: at.location } : { bucket: at.location }) : {}),
  };
  if (target === 'folder') {
    if (!s.folder_path) throw new StorageNotConfigured('folder_path', 'the backup setting has no folder_path');
    return folderStorage(s.folder_path);
  }
  if (!s.endpoint) throw new StorageNotConfigured('endpoint', 'the backup setting has no S3 endpoint');
  if (!s.bucket) throw new StorageNotConfigured('bucket', 'the backup setting has no bucket');
  return s3Storage({
    endpoint: s.endpoint,
    bucket: s.bucket,
    region: s.region,
    accessKey: s.access_key,
    secretKey: loaded.secretKey,
    forcePathStyle: s.force_path_style,
    partSizeBytes: config.backup.s3PartSizeBytes,
  });
}
