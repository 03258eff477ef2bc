// Builds the n8n community package: TypeScript (nodes/, credentials/) → dist/ as CommonJS,
// plus the static files n8n reads at run time (icons, codex JSON). Run by `npm start` and
// `npm test` before n8n is started, so n8n always loads what is in the working tree.
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

if (import.meta.main) {
  buildPackage();
  console.log('built the Chronos n8n package into dist/');
}
