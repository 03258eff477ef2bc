// Where archives live, behind one interface: an S3-compatible bucket (storage-s3.ts) or a local
// folder (storage-folder.ts). Writes take a stream of unknown length (the archive is produced
// while pg_dump runs) and either complete or leave nothing behind; reads are ranged, so the
// archive's central directory and single entries can be read without fetching the whole object.
import type { Readable } from 'node:stream';

export type BackupTarget = 's3' | 'folder';

export type BackupStorage = {
  target: BackupTarget;
  /** The bucket (s3) or the folder's absolute path (folder): `backups.location`. */
  location: string;
  /**
   * Makes the target ready before the first write: creates the bucket (private; versioning and
   * an expiry rule for abandoned multipart uploads where the server supports them) or the folder
   * (mode 700). Returns notes on what the server did not support, for the backup's metadata.
   */
  prepare(): Promise<string[]>;
  /** Consumes `source` completely; on any failure removes what was written, then rethrows. */
  write(key: string, source: Readable): Promise<void>;
  /** The object's size, or undefined when it does not exist. */
  size(key: string): Promise<number | undefined>;
  /** Bytes [start, end) of the object; without a range the whole object. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes the object; a missing object is not an error. */
  remove(key: string): Promise<void>;
  /** Keys under a prefix (tests and operators; not used on the backup path). */
  list(prefix: string): Promise<string[]>;
};

export class StorageNotConfigured extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'StorageNotConfigured';
    this.field = field;
  }
}
