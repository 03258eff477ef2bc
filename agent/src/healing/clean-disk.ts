// CLEAN_DISK: deletes regular files older than N days under one configured directory, and
// nothing else. Symlinks are never followed nor deleted (a link to /etc inside a log folder
// stays a link); every directory entered must resolve to itself under the root (a directory
// swapped for a symlink mid-walk is skipped); the root itself must be a real directory.
import fs from 'node:fs/promises';
import path from 'node:path';

export type CleanResult = {
  root: string;
  files: number;
  bytes: number;
  /** The first paths deleted (or, in a dry run, that would be), for the report. */
  sample: string[];
  skipped_symlinks: number;
  errors: string[];
};

const MAX_DEPTH = 64;
const MAX_LISTED = 50;

export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

export class CleanRefused extends Error {}

export async function cleanDisk(options: {
  root: string;
  olderThanDays: number;
  patterns: readonly string[];
  dryRun: boolean;
  now?: number;
}): Promise<CleanResult> {
  const cutoff = (options.now ?? Date.now()) - options.olderThanDays * 86_400_000;
  const matchers = options.patterns.map(globToRegExp);
  const matches = (name: string) => matchers.length === 0 || matchers.some((m) => m.test(name));

  const rootStat = await fs.lstat(options.root).catch((error: NodeJS.ErrnoException) => {
    throw new CleanRefused(`${options.root}: ${error.code ?? error.message}`);
  });
  if (rootStat.isSymbolicLink()) throw new CleanRefused(`${options.root} is a symlink; refusing to follow it`);
  if (!rootStat.isDirectory()) throw new CleanRefused(`${options.root} is not a directory`);
  // An ancestor may be a symlink (/var/run → /run): walk the real path and stay inside it.
  const root = await fs.realpath(options.root);
  const result: CleanResult = { root, files: 0, bytes: 0, sample: [], skipped_symlinks: 0, errors: [] };

  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    let entries: string[];
    try {
      if ((await fs.realpath(dir)) !== dir) {
        result.errors.push(`${dir}: resolves elsewhere, skipped`);
        return;
      }
      entries = await fs.readdir(dir);
    } catch (error) {
      result.errors.push(`${dir}: ${(error as NodeJS.ErrnoException).code}`);
      return;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      let stat;
      try {
        stat = await fs.lstat(full);
      } catch {
        continue; // vanished meanwhile
      }
      if (stat.isSymbolicLink()) {
        result.skipped_symlinks++;
      } else if (stat.isDirectory()) {
        await walk(full, depth + 1);
      } else if (stat.isFile() && stat.mtimeMs < cutoff && matches(name)) {
        if (!options.dryRun) {
          try {
            await fs.unlink(full);
          } catch (error) {
            result.errors.push(`${full}: ${(error as NodeJS.ErrnoException).code}`);
            continue;
          }
        }
        result.files++;
        result.bytes += stat.size;
        if (result.sample.length < MAX_LISTED) result.sample.push(full);
      }
    }
  };
  await walk(root, 0);
  return result;
}

export function describeClean(result: CleanResult, days: number, dryRun: boolean): string {
  const verb = dryRun ? 'would delete' : 'deleted';
  const lines = [
    `${verb} ${result.files} file(s), ${result.bytes} bytes, older than ${days} day(s) under ${result.root}`,
    ...result.sample.map((p) => `  ${p}`),
  ];
  if (result.files > result.sample.length) lines.push(`  … and ${result.files - result.sample.length} more`);
  if (result.skipped_symlinks) lines.push(`skipped ${result.skipped_symlinks} symlink(s) (never followed)`);
  if (result.errors.length) lines.push(`errors: ${result.errors.slice(0, 20).join('; ')}`);
  return lines.join('\n');
}
