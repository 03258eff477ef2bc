// Verification of a stored archive: the object exists, every file listed in the metadata is in
// it with the recorded size and SHA-256, the archive's own backup_metadata.json still says the
// same, and the whole object's SHA-256 and size equal what was recorded when it was written.
// Problems are reported by file name, so "chronos.dump: SHA-256 differs" says what is damaged.
import { createHash } from 'node:crypto';
import { openArchive } from './archive-reader.ts';
import { METADATA_FILE, type BackupMetadata } from './metadata.ts';
import type { BackupStorage } from './storage.ts';

export type VerifyOutcome = {
  status: 'ok' | 'mismatch' | 'missing' | 'error';
  error: string | null;
  /** Per file: ok or what is wrong. */
  files: Record<string, string>;
};

async function hashStream(stream: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Equal file lists, whatever the key order (the database's jsonb copy orders keys its own way). */
function sameFiles(a: BackupMetadata['files'], b: BackupMetadata['files']): boolean {
  const names = Object.keys(a);
  return (
    names.length === Object.keys(b).length &&
    names.every((n) => b[n] !== undefined && a[n]!.sha256 === b[n].sha256 && a[n]!.size === b[n].size)
  );
}

export async function verifyStoredArchive(
  storage: BackupStorage,
  key: string,
  expected: { sha256: string | null; size: number | null; metadata: BackupMetadata | null },
): Promise<VerifyOutcome> {
  let size: number | undefined;
  try {
    size = await storage.size(key);
  } catch (error) {
    return { status: 'error', error: `storage: ${(error as Error).message}`, files: {} };
  }
  if (size === undefined) return { status: 'missing', error: `${key} is not in ${storage.location}`, files: {} };

  const problems: string[] = [];
  const files: Record<string, string> = {};
  try {
    const archive = await openArchive(storage, key, size);
    try {
      const names = new Set(archive.names());
      const stored = JSON.parse(await archive.readText(METADATA_FILE)) as BackupMetadata;
      const metadata = expected.metadata ?? stored;
      if (expected.metadata && !sameFiles(stored.files, expected.metadata.files)) {
        files[METADATA_FILE] = 'differs from the metadata recorded when the backup was made';
      }
      for (const [name, want] of Object.entries(metadata.files)) {
        if (!names.has(name)) {
          files[name] = 'missing from the archive';
          continue;
        }
        try {
          const got = await hashStream((await archive.open(name)) as AsyncIterable<Buffer>);
          if (got.sha256 !== want.sha256) files[name] = 'SHA-256 differs from backup_metadata.json';
          else if (got.size !== want.size) files[name] = `size ${got.size} differs from ${want.size}`;
          else files[name] = 'ok';
        } catch (error) {
          files[name] = `unreadable: ${(error as Error).message}`;
        }
      }
      for (const name of names)
        if (name !== METADATA_FILE && !(name in metadata.files)) files[name] = 'not listed in backup_metadata.json';
    } finally {
      archive.close();
    }
  } catch (error) {
    problems.push(`archive structure: ${(error as Error).message}`);
  }
  for (const [name, state] of Object.entries(files)) if (state !== 'ok') problems.push(`${name}: ${state}`);

  const whole = await hashStream((await storage.read(key)) as AsyncIterable<Buffer>).catch((error: Error) => error);
  if (whole instanceof Error) return { status: 'error', error: `storage: ${whole.message}`, files };
  if (expected.sha256 && whole.sha256 !== expected.sha256)
    problems.push('archive: SHA-256 differs from the recorded one');
  if (expected.size !== null && whole.size !== expected.size)
    problems.push(`archive: size ${whole.size} differs from the recorded ${expected.size}`);

  return problems.length
    ? { status: 'mismatch', error: problems.join('; '), files }
    : { status: 'ok', error: null, files };
}
