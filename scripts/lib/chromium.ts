// The browser tests drive Debian's Chromium through playwright-core; no tool downloads its
// own browser. Found at CHRONOS_CHROMIUM or /usr/bin/chromium; when missing and we are root
// with apt (CI, fresh machines), it is installed from Debian's packages.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

export function chromiumPath(): string {
  return process.env.CHRONOS_CHROMIUM ?? '/usr/bin/chromium';
}

export function ensureChromium(): string {
  const bin = chromiumPath();
  if (fs.existsSync(bin)) return bin;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `Chromium not found at ${bin}: install Debian's chromium package (apt-get install chromium) or set CHRONOS_CHROMIUM`,
    );
  }
  process.stdout.write("installing Chromium from Debian's packages for the browser tests\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !fs.existsSync(bin)) throw new Error('installing chromium failed');
  return bin;
}
