// RAM and swap from /proc/meminfo. "Used" is total − MemAvailable (the kernel's estimate of
// what can be allocated without swapping), not total − MemFree, which counts page cache as used.
import fs from 'node:fs';
import path from 'node:path';
import { round } from './cpu.ts';

export type MemoryFigures = {
  total_bytes: number;
  available_bytes: number;
  used_percent: number;
  swap_total_bytes: number;
  swap_used_bytes: number;
  swap_used_percent: number;
};

export function parseMeminfo(text: string): MemoryFigures {
  const kb: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (match) kb[match[1]!] = Number(match[2]);
  }
  const need = (key: string) => {
    const value = kb[key];
    if (value === undefined) throw new Error(`/proc/meminfo has no ${key}`);
    return value * 1024;
  };
  const total = need('MemTotal');
  const available = need('MemAvailable');
  const swapTotal = need('SwapTotal');
  const swapUsed = swapTotal - need('SwapFree');
  return {
    total_bytes: total,
    available_bytes: available,
    used_percent: total > 0 ? round(((total - available) / total) * 100) : 0,
    swap_total_bytes: swapTotal,
    swap_used_bytes: swapUsed,
    swap_used_percent: swapTotal > 0 ? round((swapUsed / swapTotal) * 100) : 0,
  };
}

export function readMemory(procRoot: string): MemoryFigures {
  return parseMeminfo(fs.readFileSync(path.join(procRoot, 'meminfo'), 'utf8'));
}
