// Free space per configured path with fs.statfs (no `df` subprocess). Percentages like df:
// used = blocks − bfree, and free % = bavail / (used + bavail) — the blocks reserved for root
// are neither "free" to services nor part of the total they can fill. (1 − bavail/blocks
// would overstate usage by the reserve, ~5 % on ext4.)
import fs from 'node:fs/promises';
import path from 'node:path';
import { round } from './cpu.ts';

export type DiskFigures = { path: string; total_bytes: number; free_bytes: number; free_percent: number };
export type StatFs = { bsize: number; blocks: number; bfree: number; bavail: number };

export function diskFigures(diskPath: string, s: StatFs): DiskFigures {
  const used = s.blocks - s.bfree;
  const usable = used + s.bavail;
  return {
    path: diskPath,
    total_bytes: usable * s.bsize,
    free_bytes: s.bavail * s.bsize,
    free_percent: usable > 0 ? round((s.bavail / usable) * 100) : 0,
  };
}

export type StatFsFn = (p: string) => Promise<StatFs>;

/** Disks that cannot be read (unmounted, gone) are left out of the sample and returned as errors. */
export async function readDisks(
  paths: readonly string[],
  fsRoot: string,
  statfs: StatFsFn = (p) => fs.statfs(p),
): Promise<{ disks: DiskFigures[]; errors: string[] }> {
  const disks: DiskFigures[] = [];
  const errors: string[] = [];
  for (const p of paths) {
    try {
      disks.push(diskFigures(p, await statfs(path.join(fsRoot, p))));
    } catch (error) {
      errors.push(`${p}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return { disks, errors };
}
