// `npm run lint`: one formatter (prettier), one linter (eslint), strict type checks.
//   1. the n8n package (nodes/, credentials/, package.json) with n8n's *default*
//      community-node configuration, exactly as `n8n-node lint` ships it;
//   2. everything else with eslint.config.mjs;
//   3. prettier --check; 4. tsc --noEmit for the package, admin-api, admin-ui and scripts/tests.
import path from 'node:path';
import { repoRoot } from './lib/paths.ts';
import { localBin, runOrThrow } from './lib/run.ts';

const n8nDefaultConfig = path.join(
  repoRoot,
  'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
);

const steps: Array<[string, () => void]> = [
  [
    'n8n community-node lint (default configuration)',
    () =>
      runOrThrow(localBin('eslint'), [
        '--config',
        n8nDefaultConfig,
        '--no-error-on-unmatched-pattern',
        'credentials',
        'nodes',
        'package.json',
      ]),
  ],
  [
    'eslint (admin-api, admin-ui, scripts, tests, shared, agent)',
    () => runOrThrow(localBin('eslint'), ['admin-api', 'admin-ui', 'scripts', 'tests', 'bench', 'shared', 'agent']),
  ],
  ['prettier', () => runOrThrow(localBin('prettier'), ['--check', '.'])],
  ['tsc: n8n package', () => runOrThrow(localBin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])],
  ['tsc: admin-api', () => runOrThrow(localBin('tsc'), ['-p', 'admin-api/tsconfig.json'])],
  ['tsc: admin-ui', () => runOrThrow(localBin('tsc'), ['-p', 'admin-ui/tsconfig.json'])],
  ['tsc: scripts and tests', () => runOrThrow(localBin('tsc'), ['-p', 'tsconfig.scripts.json'])],
];

let failed = 0;
for (const [name, step] of steps) {
  process.stdout.write(`\n== ${name}\n`);
  try {
    step();
  } catch (error) {
    failed++;
    process.stdout.write(`!! ${name}: ${(error as Error).message}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
