// `npm run backup -- <command>` (commands: scripts/lib/backup-cli.ts). This launcher only
// starts the CLI in a Node process with small young-generation semi-spaces: a backup pushes
// ~100 MB/s of chunks through streams, and V8 then grows its young generation by tens of MB
// (measured on the 1 GB benchmark: peak RSS 177 MB → 132 MB with 2 MB semi-spaces, at no
// measurable cost in speed). V8 flags cannot be changed once a process runs, hence the child.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('./lib/backup-cli.ts', import.meta.url));
const child = spawn(process.execPath, ['--max-semi-space-size=2', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
