// Free space of the file system holding the data folder, computed like df: used / (used +
// available to unprivileged users). `1 - bavail/blocks` would count the root-reserved blocks
// as used and report a disk as fuller than df does.
import fs from 'node:fs/promises';
import { runCheck, type CheckResult } from '../check.ts';

export type DiskUsage = { freePct: number; freeBytes: number; totalBytes: number };

export async function diskUsage(path: string): Promise<DiskUsage> {
  const s = await fs.statfs(path);
  const used = s.blocks - s.bfree;
  const usable = used + s.bavail;
  const usedPct = usable === 0 ? 100 : (used / usable) * 100;
  return { freePct: 100 - usedPct, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

export function checkDisk(options: { timeoutMs: number; path: string; minFreePct: number }): Promise<CheckResult> {
  return runCheck('the disk', options.timeoutMs, async () => {
    let usage: DiskUsage;
    try {
      usage = await diskUsage(options.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(`cannot read the data folder's file system${code ? ` (${code})` : ''}`);
    }
    const freePct = Math.round(usage.freePct * 10) / 10;
    const low = usage.freePct < options.minFreePct;
    return {
      status: low ? 'degraded' : 'up',
      ...(low ? { message: `${freePct} % free (limit ${options.minFreePct} %)` } : {}),
      free_pct: freePct,
      free_bytes: usage.freeBytes,
      total_bytes: usage.totalBytes,
      min_free_pct: options.minFreePct,
    };
  });
}
