// Boot identity and uptime from /proc: the boot id changes on every boot, which is how the
// agent knows its first sample after a reboot must carry the post-reboot validation.
import fs from 'node:fs';
import path from 'node:path';

export function readBootId(procRoot: string): string {
  return fs.readFileSync(path.join(procRoot, 'sys/kernel/random/boot_id'), 'utf8').trim();
}

export function readUptimeSeconds(procRoot: string): number {
  const first = fs.readFileSync(path.join(procRoot, 'uptime'), 'utf8').trim().split(/\s+/)[0];
  return Math.floor(Number(first));
}
