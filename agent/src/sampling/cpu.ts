// CPU busy % from /proc/stat deltas between two samples (the kernel's counters, no subprocess).
// busy = all time except idle and iowait; guest time is already inside user/nice, so the
// guest columns are not added again. The first reading compares with boot (like top's first
// frame): a number, averaged since boot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type CpuTimes = { total: number; idle: number };
export type CpuFigures = { percent: number; cores: number; load1: number; load5: number; load15: number };

export function parseProcStat(text: string): { times: CpuTimes; cores: number } {
  let times: CpuTimes | null = null;
  let cores = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) {
      const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
      times = { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
    } else if (/^cpu\d+ /.test(line)) cores++;
  }
  if (!times) throw new Error('no aggregate cpu line in /proc/stat');
  return { times, cores };
}

export function busyPercent(previous: CpuTimes, current: CpuTimes): number {
  const total = current.total - previous.total;
  const idle = current.idle - previous.idle;
  if (total <= 0) return 0;
  return round(Math.min(100, Math.max(0, ((total - idle) / total) * 100)));
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export class CpuSampler {
  private previous: CpuTimes = { total: 0, idle: 0 };
  private readonly procRoot: string;
  constructor(procRoot: string) {
    this.procRoot = procRoot;
  }
  read(): CpuFigures {
    const { times, cores } = parseProcStat(fs.readFileSync(path.join(this.procRoot, 'stat'), 'utf8'));
    const percent = busyPercent(this.previous, times);
    this.previous = times;
    const [load1 = 0, load5 = 0, load15 = 0] = os.loadavg();
    return {
      percent,
      cores: cores || os.availableParallelism(),
      load1: round(load1),
      load5: round(load5),
      load15: round(load15),
    };
  }
}
