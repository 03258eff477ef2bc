// `npm run workflows -- <command>`: import / export / diff / status / lint of the versioned
// workflows (commands: scripts/lib/workflows-cli.ts). This launcher only starts the CLI in its
// own Node process, like scripts/backup.ts, so every command runs the same way.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('./lib/workflows-cli.ts', import.meta.url));
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
