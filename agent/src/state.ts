// The agent's small persisted state: the boot id its post-reboot validation was last
// delivered for, and when it rebooted the host (its own "≤ 2 reboots per hour" count, which
// must survive the very reboots it counts). Written atomically (temp file + rename).
import fs from 'node:fs';
import path from 'node:path';

export type AgentState = { last_boot_id: string | null; reboots: string[] };

const HOUR_MS = 3_600_000;

export class StateFile {
  private state: AgentState;
  private readonly file: string;
  constructor(file: string) {
    this.file = file;
    this.state = StateFile.read(file);
  }

  private static read(file: string): AgentState {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AgentState>;
      return {
        last_boot_id: typeof parsed.last_boot_id === 'string' ? parsed.last_boot_id : null,
        reboots: Array.isArray(parsed.reboots) ? parsed.reboots.filter((r) => typeof r === 'string') : [],
      };
    } catch {
      // Missing or unreadable: a fresh agent (its first sample counts as "after a boot").
      return { last_boot_id: null, reboots: [] };
    }
  }

  get lastBootId(): string | null {
    return this.state.last_boot_id;
  }

  setLastBootId(bootId: string): void {
    this.state.last_boot_id = bootId;
    this.write();
  }

  rebootsWithin(ms: number, now = Date.now()): number {
    return this.state.reboots.filter((at) => now - Date.parse(at) < ms).length;
  }

  recordReboot(now = Date.now()): void {
    this.state.reboots = [...this.state.reboots.filter((at) => now - Date.parse(at) < 24 * HOUR_MS)];
    this.state.reboots.push(new Date(now).toISOString());
    this.write();
  }

  private write(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(this.state)}\n`, { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}
