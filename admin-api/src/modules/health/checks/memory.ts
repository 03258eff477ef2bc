// Memory of the host: MemAvailable from /proc/meminfo (what the kernel can hand out without
// swapping, page cache included — MemFree alone would call every busy host full), plus this
// process's resident set. Where /proc/meminfo does not exist, Node's own figures stand in.
import fs from 'node:fs/promises';
import os from 'node:os';
import { runCheck, type CheckResult } from '../check.ts';

export type MemoryFigures = { totalBytes: number; availableBytes: number; source: 'meminfo' | 'os' };

/** Parses the kB figures of /proc/meminfo; undefined when MemTotal or MemAvailable is missing. */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | undefined {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const totalBytes = field('MemTotal');
  const availableBytes = field('MemAvailable');
  return totalBytes && availableBytes !== undefined ? { totalBytes, availableBytes } : undefined;
}

export async function memoryFigures(meminfoPath = '/proc/meminfo'): Promise<MemoryFigures> {
  const parsed = parseMeminfo(await fs.readFile(meminfoPath, 'utf8').catch(() => ''));
  return parsed
    ? { ...parsed, source: 'meminfo' }
    : { totalBytes: os.totalmem(), availableBytes: os.freemem(), source: 'os' };
}

export function checkMemory(options: {
  timeoutMs: number;
  minAvailablePct: number;
  meminfoPath?: string;
}): Promise<CheckResult> {
  return runCheck('the memory figures', options.timeoutMs, async () => {
    const m = await memoryFigures(options.meminfoPath);
    const availablePct = Math.round((m.availableBytes / m.totalBytes) * 1000) / 10;
    const low = availablePct < options.minAvailablePct;
    return {
      status: low ? 'degraded' : 'up',
      ...(low ? { message: `${availablePct} % of memory available (limit ${options.minAvailablePct} %)` } : {}),
      available_pct: availablePct,
      available_bytes: m.availableBytes,
      total_bytes: m.totalBytes,
      process_rss_bytes: process.memoryUsage.rss(),
      min_available_pct: options.minAvailablePct,
    };
  });
}
