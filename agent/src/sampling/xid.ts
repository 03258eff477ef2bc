// NVIDIA XID errors from the kernel log, reported once each: the lines that appeared since the
// previous sample. Sources: `journalctl -k` (follows with its cursor), /dev/kmsg (a non-blocking
// reader kept open; the backlog from before the agent started is skipped), or a plain file
// (kern.log, or a test file; read from the end at start, like tail -f).
// Line shape: `NVRM: Xid (PCI:0000:01:00): 79, pid=1234, GPU has fallen off the bus.`
import fs from 'node:fs';
import { run } from '../exec.ts';
import type { KernelLogConfig } from '../config.ts';

export type XidError = { at: string; pci_bus_id: string; code: number; message: string };

const XID = /NVRM: Xid \(PCI:([0-9A-Fa-f:.]+)\): (\d+),\s*(.*)$/;
const ISO_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s/;
const MAX_PER_SAMPLE = 100;

/** `0000:01:00` (kernel) → `00000000:01:00.0` (nvidia-smi's pci.bus_id), so the two can be matched. */
export function normalizePciBusId(id: string): string {
  const match = /^(?:([0-9a-f]{1,8}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})(?:\.([0-7]))?$/i.exec(id);
  if (!match) return id;
  const [, domain = '0', bus = '0', device = '0', fn = '0'] = match;
  return `${domain.padStart(8, '0')}:${bus.padStart(2, '0')}:${device.padStart(2, '0')}.${fn}`.toUpperCase();
}

export function parseXidLine(line: string, fallbackAt: Date): XidError | null {
  const match = XID.exec(line);
  if (!match) return null;
  const stamp = ISO_PREFIX.exec(line)?.[1];
  const parsed = stamp ? new Date(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
  const at = parsed && !Number.isNaN(parsed.getTime()) ? parsed : fallbackAt;
  return {
    at: at.toISOString(),
    pci_bus_id: normalizePciBusId(match[1]!),
    code: Number(match[2]),
    message: match[3]!.trim().slice(0, 500),
  };
}

export function parseXidLines(text: string, fallbackAt: Date): XidError[] {
  const found: XidError[] = [];
  for (const line of text.split('\n')) {
    const xid = parseXidLine(line, fallbackAt);
    if (xid) found.push(xid);
  }
  return found.slice(-MAX_PER_SAMPLE);
}

export type XidSource = { read(): Promise<XidError[]>; close(): void };

class FileSource implements XidSource {
  private offset: number;
  private readonly path: string;
  constructor(path: string) {
    this.path = path;
    this.offset = sizeOf(path);
  }
  async read(): Promise<XidError[]> {
    const size = sizeOf(this.path);
    if (size < this.offset) this.offset = 0; // rotated or truncated
    if (size === this.offset) return [];
    const length = Math.min(size - this.offset, 4 * 1024 * 1024);
    const fd = fs.openSync(this.path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const read = fs.readSync(fd, buffer, 0, length, this.offset);
      // Only whole lines: a line still being written is read next time.
      const text = buffer.subarray(0, read).toString('utf8');
      const end = text.lastIndexOf('\n') + 1;
      this.offset += Buffer.byteLength(text.slice(0, end));
      return parseXidLines(text.slice(0, end), new Date());
    } finally {
      fs.closeSync(fd);
    }
  }
  close(): void {}
}

function sizeOf(path: string): number {
  try {
    return fs.statSync(path).size;
  } catch {
    return 0;
  }
}

class JournalSource implements XidSource {
  private cursor: string | null = null;
  private readonly since = Math.floor(Date.now() / 1000);
  async read(): Promise<XidError[]> {
    const position = this.cursor ? [`--after-cursor=${this.cursor}`] : [`--since=@${this.since}`];
    const result = await run(
      'journalctl',
      ['-k', '-q', '--no-pager', '-o', 'short-iso-precise', '--show-cursor', ...position],
      { timeoutMs: 5000, maxBytes: 4 * 1024 * 1024 },
    );
    if (result.exitCode !== 0) return [];
    const cursor = /^-- cursor: (.+)$/m.exec(result.stdout)?.[1];
    if (cursor) this.cursor = cursor.trim();
    return parseXidLines(result.stdout, new Date());
  }
  close(): void {}
}

/** /dev/kmsg: each read() returns one record `prio,seq,usec_since_boot,flags;message`. */
class KmsgSource implements XidSource {
  private fd: number | null = null;
  private readonly path: string;
  private readonly uptime: () => number;
  constructor(path: string, uptime: () => number) {
    this.path = path;
    this.uptime = uptime;
    try {
      this.fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      this.drain(); // the backlog predates the agent
    } catch {
      this.fd = null;
    }
  }
  private drain(): string[] {
    const records: string[] = [];
    if (this.fd === null) return records;
    const buffer = Buffer.alloc(8192);
    for (;;) {
      try {
        const n = fs.readSync(this.fd, buffer, 0, buffer.length, null);
        if (n <= 0) break;
        records.push(buffer.subarray(0, n).toString('utf8'));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // records overwritten while we were away
        break; // EAGAIN: nothing more for now
      }
    }
    return records;
  }
  async read(): Promise<XidError[]> {
    const bootMs = Date.now() - this.uptime() * 1000;
    const found: XidError[] = [];
    for (const record of this.drain()) {
      const semi = record.indexOf(';');
      const usec = Number(record.slice(0, semi).split(',')[2]);
      const xid = parseXidLine(record.slice(semi + 1).split('\n')[0] ?? '', new Date(bootMs + usec / 1000));
      if (xid) found.push(xid);
    }
    return found.slice(-MAX_PER_SAMPLE);
  }
  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

export function createXidSource(config: KernelLogConfig, uptime: () => number): XidSource {
  switch (config.source) {
    case 'file':
      return new FileSource(config.path);
    case 'kmsg':
      return new KmsgSource(config.path, uptime);
    case 'journalctl':
      return new JournalSource();
    case 'none':
      return { read: async () => [], close: () => undefined };
  }
}
