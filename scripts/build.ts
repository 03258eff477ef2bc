// Builds what the stack runs from the working tree: the n8n community package (TypeScript in
// nodes/ and credentials/ → dist/ as CommonJS, plus the icons and codex JSON n8n reads) and
// the console (admin-ui → admin-ui/dist, served by admin-api at /admin). Run by `npm start`
// and `npm test` first, so n8n and the browser always get what is in the working tree.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/paths.ts';
import { localBin, runOrThrow } from './lib/run.ts';

export function buildPackage(): void {
  const dist = path.join(repoRoot, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  runOrThrow(localBin('tsc'), ['-p', 'tsconfig.json']);
  const copy = (relative: string) => {
    const from = path.join(repoRoot, relative);
    if (!fs.existsSync(from)) return;
    for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(svg|png|json)$/.test(entry.name)) continue;
      const source = path.join(entry.parentPath, entry.name);
      const target = path.join(dist, path.relative(repoRoot, source));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
  };
  for (const folder of ['icons', 'nodes', 'credentials']) copy(folder);
}

/** Vite production build of the console (a few seconds). */
export function buildConsole(): void {
  runOrThrow(localBin('vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(repoRoot, 'admin-ui') });
}

if (import.meta.main) {
  buildPackage();
  console.log('built the Chronos n8n package into dist/');
  buildConsole();
  console.log('built the console into admin-ui/dist/');
}
