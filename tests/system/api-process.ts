// One admin-api replica as its own process (the production entry point, admin-api/src/server.ts)
// on a fixed port, so a restart after SIGKILL comes back at the same address, as a container
// restarted by its orchestrator does. Used by the stand-in; the real topology has its own.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitForHttp } from '../../scripts/lib/n8n.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import type { ApiReplica } from './system.ts';

export function apiProcess(name: string, port: number, env: Record<string, string>, log?: (line: string) => void) {
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once('exit', () => resolve()));

  const handle: ApiReplica = {
    name,
    url,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async start() {
      if (handle.pid()) return;
      const current = spawn(process.execPath, [path.join(repoRoot, 'admin-api', 'src', 'server.ts')], {
        env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: log ? ['ignore', 'pipe', 'pipe'] : 'ignore',
      });
      child = current;
      for (const stream of [current.stdout, current.stderr]) {
        stream?.setEncoding('utf8');
        stream?.on('data', (text: string) => {
          for (const line of text.split('\n')) if (line.trim()) log?.(`[${name}] ${line}`);
        });
      }
      await waitForHttp(`${url}/health`, 60_000, () => current.exitCode !== null || current.signalCode !== null);
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const current = child;
      if (!current || !handle.pid()) return;
      current.kill(signal);
      await exited(current);
    },
  };
  return handle;
}
