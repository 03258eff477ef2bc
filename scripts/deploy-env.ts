// `npm run deploy:env [-- --file docker/.env] [--template docker/.env.example]`: creates or
// updates the production .env from the template. Every empty secret gets a strong random value
// and every empty derived value (connection URLs, the n8n owner's hash) is built from the
// others (scripts/lib/deploy-secrets.ts); a value that is set is never changed. Comments and
// order stay as they are; variables new in the template are added next to their neighbours.
// The file is written atomically with mode 600 (a looser mode is fixed, and said so). Prints
// the names of what it generated, never a value.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addMissingVariables,
  envValues,
  formatEnvFile,
  parseEnvFile,
  setValue,
  type EnvLine,
} from './lib/deploy-env-file.ts';
import { fillValues } from './lib/deploy-secrets.ts';
import { repoRoot } from './lib/paths.ts';

function parseOptions() {
  try {
    return parseArgs({
      options: {
        file: { type: 'string', default: path.join(repoRoot, 'docker', '.env') },
        template: { type: 'string', default: path.join(repoRoot, 'docker', '.env.example') },
      },
    }).values;
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nusage: npm run deploy:env [-- --file docker/.env] [--template docker/.env.example]\n`,
    );
    process.exit(2);
  }
}
const args = parseOptions();
const file = path.resolve(args.file!);
// Relative to where the command runs when inside it (docker/.env), else the full path.
const relative = path.relative(process.cwd(), file);
const shown = relative && !relative.startsWith('..') ? relative : file;

function fail(message: string): never {
  process.stderr.write(`deploy-env: ${message}\n`);
  process.exit(1);
}

function readLines(target: string, what: string): EnvLine[] {
  const parsed = parseEnvFile(fs.readFileSync(target, 'utf8'));
  // A line this script cannot read is never rewritten blindly.
  const unreadable = parsed.problems.filter((p) => p.variable.startsWith('line ') || p.message.includes('closing'));
  if (unreadable.length)
    fail(
      `${what} ${target} has lines it cannot read: ${unreadable.map((p) => `${p.variable} ${p.message}`).join('; ')}`,
    );
  return parsed.lines;
}

/** Writes through a temporary file in the same folder and a rename: never half a file. */
function writeAtomically(target: string, text: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

if (!fs.existsSync(args.template!)) fail(`template ${args.template} not found`);
const template = readLines(args.template!, 'template');
const existed = fs.existsSync(file);
const before = existed ? fs.readFileSync(file, 'utf8') : undefined;
const modeBefore = existed ? fs.statSync(file).mode & 0o777 : undefined;

// A new file is the template itself; an existing one gets only what it lacks.
const { lines: merged, added } = existed
  ? addMissingVariables(readLines(file, 'file'), template)
  : { lines: template, added: [] };
const names = new Set(merged.flatMap((l) => (l.kind === 'variable' ? [l.name] : [])));
const { values, generated, derived } = fillValues(envValues(merged), names);
let lines = merged;
for (const name of [...generated, ...derived]) lines = setValue(lines, name, values.get(name)!);
const after = formatEnvFile(lines);

const report: string[] = [];
if (after !== before) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, after);
  report.push(existed ? `updated ${shown} (mode 600)` : `created ${shown} from ${args.template} (mode 600)`);
} else if (modeBefore !== undefined && modeBefore & 0o077) {
  fs.chmodSync(file, 0o600);
}
if (modeBefore !== undefined && modeBefore & 0o077)
  report.push(`fixed the mode of ${shown}: ${modeBefore.toString(8)} → 600 (it holds secrets)`);
if (existed && added.length) report.push(`added from the template: ${added.join(', ')}`);
if (generated.length) report.push(`generated: ${generated.join(', ')}`);
if (derived.length) report.push(`derived: ${derived.join(', ')}`);
if (after === before) report.push(`${shown} is up to date: nothing to add or generate`);
process.stdout.write(report.map((line) => `deploy-env: ${line}\n`).join(''));
if (!existed)
  process.stdout.write(
    'deploy-env: next, set N8N_PUBLIC_URL and CHRONOS_ADMIN_EMAIL, then run npm run deploy:check (docs/install.md)\n',
  );
