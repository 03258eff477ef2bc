#!/usr/bin/env node
// Bootstrap: the first thing `npm start` / `npm test` run, on whatever Node the machine has
// (a fresh machine has Node 20). Plain JavaScript with no dependencies, because nothing is
// installed yet when it runs. It makes sure that
//   1. a Node 24 runtime exists (the machine's own if it is ≥ 24, else the `node-<os>-<arch>`
//      package from the npm registry, cached outside the clone),
//   2. the project's dependencies are installed with that runtime (native addons build
//      against Node 24's headers),
//   3. the pinned n8n runtime is installed in its own cached folder (unless --no-n8n),
// and then runs the given TypeScript entry point under Node 24, forwarding signals.
//
// Usage: node scripts/bootstrap.mjs [--no-n8n] <entry.ts> [args...]
// Every step is skipped when its stamp says it is already done, so re-runs are fast.

import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.resolve(process.env.CHRONOS_CACHE ?? path.join(os.homedir(), '.cache', 'chronos'));
const toolchain = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'toolchain.json'), 'utf8'));

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[bootstrap] error: ${message}\n`);
  process.exit(1);
}

function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

// A directory-based lock so two bootstraps (say `npm start` and `npm test`) don't install
// into the same cache folder at once. Stale locks (a killed install) expire after 30 minutes.
function withLock(name, fn) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const lockDir = path.join(cacheDir, `${name}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      if (age > 30 * 60_000) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > 40 * 60_000) fail(`timed out waiting for ${lockDir}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

// --- 1. Node 24 -------------------------------------------------------------------------

function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return { nodeBin: process.execPath, nodeDir: null };

  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = path.join(cacheDir, `node-${toolchain.node}`);
  const home = path.join(dir, 'node_modules', pkg);
  const nodeBin = path.join(home, 'bin', 'node');
  const works = () => spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${toolchain.node}`;
  if (!works()) {
    withLock(`node-${toolchain.node}`, () => {
      if (works()) return;
      log(`installing Node ${toolchain.node} (${pkg} from the npm registry) into ${dir}`);
      const tmp = `${dir}.tmp-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp, { recursive: true });
      fs.writeFileSync(path.join(tmp, 'package.json'), '{"private":true}\n');
      run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `${pkg}@${toolchain.node}`], { cwd: tmp });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    });
    if (!works()) fail(`Node ${toolchain.node} from ${pkg} does not run on this machine`);
  }
  return { nodeBin, nodeDir: home };
}

// --- 2. project dependencies -------------------------------------------------------------

function installStamp(nodeBin) {
  const files = [
    'package.json',
    'package-lock.json',
    'admin-api/package.json',
    'admin-ui/package.json',
    'scripts/toolchain.json',
  ];
  return sha256(nodeBin, ...files.map((f) => readIfExists(path.join(root, f))));
}

function ensureProjectDependencies(env, nodeBin) {
  const stampFile = path.join(root, 'node_modules', '.chronos-install-stamp');
  const stamp = installStamp(nodeBin);
  if (readIfExists(stampFile).toString() === stamp) return;
  log(`installing project dependencies with Node ${toolchain.node}`);
  // Install scripts are off for all dependencies (one of n8n's lint plugins, for instance,
  // runs `npx only-allow pnpm`); the few that need theirs are named in toolchain.json.
  // `npm install` follows the lockfile; `npm ci` is not used because npm 11 leaves other
  // platforms' optional binaries out of the lockfile and `npm ci` then refuses it as out of sync.
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, env });
  const rebuild = (toolchain.rebuild ?? []).map((name) =>
    name.replace('{platform}', process.platform).replace('{arch}', process.arch),
  );
  if (rebuild.length > 0) run('npm', ['rebuild', ...rebuild], { cwd: root, env });
  fs.writeFileSync(stampFile, installStamp(nodeBin));
}

// --- 3. the n8n runtime ------------------------------------------------------------------

function ensureN8n(env) {
  const spec = path.join(root, 'scripts', 'n8n');
  const manifest = JSON.parse(fs.readFileSync(path.join(spec, 'package.json'), 'utf8'));
  const version = manifest.dependencies.n8n;
  const stamp = sha256(
    readIfExists(path.join(spec, 'package.json')),
    readIfExists(path.join(spec, 'package-lock.json')),
    toolchain.node,
  );
  const dir = path.join(cacheDir, `n8n-${version}`);
  const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  const ready = () => readIfExists(path.join(dir, '.chronos-stamp')).toString() === stamp && fs.existsSync(bin);
  if (!ready()) {
    withLock(`n8n-${version}`, () => {
      if (ready()) return;
      // n8n installs in its own folder, with install scripts off: some of its optional
      // native dependencies download prebuilt binaries, which this network refuses.
      // What n8n needs natively is rebuilt afterwards from source (see chronos.rebuild).
      log(`installing n8n ${version} into ${dir} (first time only; takes several minutes)`);
      const tmp = `${dir}.tmp-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp, { recursive: true });
      for (const file of ['package.json', 'package-lock.json']) {
        if (fs.existsSync(path.join(spec, file))) fs.copyFileSync(path.join(spec, file), path.join(tmp, file));
      }
      run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: tmp, env });
      const rebuild = manifest.chronos?.rebuild ?? [];
      if (rebuild.length > 0) run('npm', ['rebuild', ...rebuild], { cwd: tmp, env });
      fs.writeFileSync(path.join(tmp, '.chronos-stamp'), stamp);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    });
  }
  return bin;
}

// --- main ----------------------------------------------------------------------------------

const args = process.argv.slice(2);
const withN8n = !args.includes('--no-n8n');
const rest = args.filter((a) => a !== '--no-n8n');
if (rest.length === 0) fail('usage: node scripts/bootstrap.mjs [--no-n8n] <entry.ts> [args...]');

const { nodeBin, nodeDir } = ensureNode();
const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
// Native addons must build against the headers of the Node that will load them.
if (nodeDir) env.npm_config_nodedir = nodeDir;
else delete env.npm_config_nodedir;

ensureProjectDependencies(env, nodeBin);
if (withN8n) env.CHRONOS_N8N_BIN = ensureN8n(env);
env.CHRONOS_NODE_BIN = nodeBin;
env.CHRONOS_CACHE = cacheDir;

const [entry, ...entryArgs] = rest;
const child = spawn(nodeBin, [path.resolve(root, entry), ...entryArgs], { stdio: 'inherit', env, cwd: root });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // The child (same process group on Ctrl+C) shuts its services down; we only wait for it.
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
