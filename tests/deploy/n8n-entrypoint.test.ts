// docker/n8n-entrypoint.sh run for real (outside a container): from the package as the image
// carries it (npm pack's output, unpacked like docker/n8n.Dockerfile does), it lays out n8n's
// user folder exactly as scripts/lib/n8n.ts installChronosPackage does — the layout the local
// stack and the end-to-end tests load node types `n8n-nodes-chronos.*` from — replaces an older
// copy whole at the next start, leaves nothing n8n would load twice, and hands the command
// (e.g. `worker`) on to n8n's entrypoint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installChronosPackage } from '../../scripts/lib/n8n.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const entrypoint = path.join(repoRoot, 'docker', 'n8n-entrypoint.sh');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-n8n-entrypoint-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
const packageDir = path.join(work, 'image', 'opt', 'n8n-nodes-chronos');
const nextEntrypoint = path.join(work, 'image', 'docker-entrypoint.sh');

/** Every file under a folder, relative path → content. */
function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, file), fs.readFileSync(file, 'utf8'));
  }
  return files;
}

function runEntrypoint(home: string, args: string[]) {
  return spawnSync('sh', [entrypoint, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      CHRONOS_PACKAGE_DIR: packageDir,
      CHRONOS_NEXT_ENTRYPOINT: nextEntrypoint,
    },
  });
}

before(() => {
  // The image's copy of the package: `npm pack` unpacked, as the Dockerfile's build stage does.
  const packed = path.join(work, 'pack');
  fs.mkdirSync(packed);
  fs.mkdirSync(packageDir, { recursive: true });
  const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', packed], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = path.join(packed, pack.stdout.trim().split('\n').at(-1)!);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
  assert.equal(untar.status, 0);
  // Stands in for n8n's own entrypoint: records what it was handed.
  fs.writeFileSync(nextEntrypoint, '#!/bin/sh\nprintf "%s\\n" "$@" > "$HOME/handed-over"\n', { mode: 0o755 });
});

describe('docker/n8n-entrypoint.sh', () => {
  it('installs the package exactly as installChronosPackage lays it out, then hands over the command', () => {
    const reference = path.join(work, 'reference');
    installChronosPackage(reference);
    const home = path.join(work, 'home-1');
    fs.mkdirSync(home);
    const run = runEntrypoint(home, ['worker', '--concurrency=5']);
    assert.equal(run.status, 0, run.stderr);
    const expected = tree(path.join(reference, '.n8n', 'nodes'));
    assert.ok(expected.has(path.join('node_modules', 'n8n-nodes-chronos', 'package.json')));
    assert.ok(
      [...expected.keys()].some((f) => f.endsWith('.node.js')),
      'the built nodes are there',
    );
    assert.deepEqual(tree(path.join(home, '.n8n', 'nodes')), expected);
    assert.equal(fs.readFileSync(path.join(home, 'handed-over'), 'utf8'), 'worker\n--concurrency=5\n');
  });

  it('replaces an older copy whole at the next start and leaves nothing else n8n would load', () => {
    const home = path.join(work, 'home-2');
    fs.mkdirSync(home);
    assert.equal(runEntrypoint(home, []).status, 0);
    const installed = path.join(home, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-chronos');
    const stale = path.join(installed, 'dist', 'nodes', 'Removed', 'Removed.node.js');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'module.exports = {};');
    fs.writeFileSync(path.join(installed, 'package.json'), '{"name":"n8n-nodes-chronos","version":"0.0.0-old"}');
    // The operator's other community packages stay.
    const other = path.join(home, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-other', 'package.json');
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, '{"name":"n8n-nodes-other"}');

    assert.equal(runEntrypoint(home, []).status, 0);
    assert.ok(!fs.existsSync(stale));
    assert.deepEqual(tree(installed), tree(packageDir));
    assert.ok(fs.existsSync(other));
    const nodeModules = fs.readdirSync(path.join(home, '.n8n', 'nodes', 'node_modules')).sort();
    assert.deepEqual(nodeModules, ['n8n-nodes-chronos', 'n8n-nodes-other']);
    assert.deepEqual(fs.readdirSync(path.join(home, '.n8n', 'nodes')).sort(), ['node_modules', 'package.json']);
  });

  it('fails, starting nothing, when the package is missing from the image', () => {
    const home = path.join(work, 'home-3');
    fs.mkdirSync(home);
    const run = spawnSync('sh', [entrypoint], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        CHRONOS_PACKAGE_DIR: path.join(work, 'nothing-here'),
        CHRONOS_NEXT_ENTRYPOINT: nextEntrypoint,
      },
    });
    assert.notEqual(run.status, 0);
    assert.ok(!fs.existsSync(path.join(home, 'handed-over')));
  });
});
