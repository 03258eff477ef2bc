import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.ts';

/** Runs a command to completion with inherited output; throws when it fails. */
export function runOrThrow(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Path of a binary installed in the project's node_modules. */
export const localBin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
