// Resource use of the system's processes from /proc (Linux): resident memory of each process
// and of its whole tree (PostgreSQL's backends, n8n's task runner), CPU time of the tree, and
// the machine's busy share — enough to say whether a run kept the machine busy or saturated it.
import fs from 'node:fs';
import os from 'node:os';
import type { ProcessHandle } from './system.ts';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type ProcInfo = { pid: number; ppid: number; cpuTicks: number };

function readStat(pid: number): ProcInfo | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and every descendant of it. */
function tree(root: number, all: ProcInfo[]): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) {
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcInfo[] = [];
  const stack = all.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export type ProcSample = { name: string; pid?: number; rssMb: number; treeRssMb: number; cpuSeconds: number };

export function sampleProcesses(handles: readonly ProcessHandle[]): ProcSample[] {
  const all = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((p): p is ProcInfo => p !== undefined);
  return handles.map((handle) => {
    const pid = handle.pid();
    if (!pid) return { name: handle.name, rssMb: 0, treeRssMb: 0, cpuSeconds: 0 };
    const members = tree(pid, all);
    return {
      name: handle.name,
      pid,
      rssMb: rssKb(pid) / 1024,
      treeRssMb: members.reduce((sum, p) => sum + rssKb(p.pid), 0) / 1024,
      cpuSeconds: members.reduce((sum, p) => sum + p.cpuTicks, 0) / TICKS_PER_SECOND,
    };
  });
}

/** This process's own CPU time (the load generator). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Machine-wide CPU ticks: busy and total, summed over all cores (/proc/stat). */
export function machineCpu(): { busy: number; total: number; cores: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait!, cores: os.cpus().length };
}
