// `npm test`: unit, integration and end-to-end tests with node's test runner. Starts one real
// PostgreSQL for the whole run (embedded, throw-away data folder, durability off for speed),
// migrates a template database once, and lets every test file clone its own database from
// it (tests/helpers/database.ts), so files are isolated and can run in parallel.
// Ends with the runner's summary and a plain `N passed, N failed` line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import pg from 'pg';
import { migrate } from '../admin-api/src/db/migrations.ts';
import { buildConsole, buildPackage } from './build.ts';
import { ensureChromium } from './lib/chromium.ts';
import { migrationsDir, repoRoot } from './lib/paths.ts';
import { freePort, startLocalPostgres } from './lib/postgres.ts';

const TEMPLATE_DB = 'chronos_template';

function testFiles(filters: string[]): string[] {
  const patterns = [
    'admin-api/**/*.test.ts',
    'admin-ui/src/**/*.test.ts',
    'scripts/**/*.test.ts',
    'shared/**/*.test.ts',
    'tests/**/*.test.ts',
  ];
  const files = patterns
    .flatMap((pattern) => fs.globSync(pattern, { cwd: repoRoot }))
    .filter((file) => !file.includes('node_modules'))
    .sort();
  const selected = filters.length ? files.filter((f) => filters.some((filter) => f.includes(filter))) : files;
  return selected.map((f) => path.join(repoRoot, f));
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  // CHRONOS_SKIP_BUILD=1 reuses dist/ (for parallel partial runs that skip the n8n tests).
  if (process.env.CHRONOS_SKIP_BUILD !== '1') {
    buildPackage();
    buildConsole();
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-test-'));
  fs.chmodSync(workDir, 0o755);
  const password = 'test-only-password';
  const postgres = await startLocalPostgres({
    dataDir: path.join(workDir, 'postgres'),
    port: await freePort(),
    password,
    fast: true,
  });
  try {
    await postgres.ensureDatabase(TEMPLATE_DB);
    const client = new pg.Client({ connectionString: postgres.url(TEMPLATE_DB) });
    // A failing migration must be reported as such, not as the connection the shutdown cuts.
    client.on('error', () => undefined);
    await client.connect();
    try {
      await migrate(client, migrationsDir);
    } finally {
      await client.end();
    }

    process.env.CHRONOS_TEST_PG_ADMIN_URL = postgres.url('postgres');
    process.env.CHRONOS_TEST_PG_TEMPLATE = TEMPLATE_DB;
    process.env.CHRONOS_TEST_PG_DATA_DIR = postgres.dataDir;
    process.env.CHRONOS_TEST_WORK_DIR = workDir;
    process.env.LOG_LEVEL ??= 'silent';

    const files = testFiles(filters);
    if (files.length === 0) {
      process.stdout.write(`no test files match ${filters.join(' ')}\n`);
      return 1;
    }
    if (files.some((f) => f.includes(`${path.sep}tests${path.sep}browser${path.sep}`))) ensureChromium();
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // The whole-system suites (tests/system/) each start a full topology — PostgreSQL, Redis,
    // n8n main and worker, two admin-apis, the agent. Two of them at once on two cores starve
    // each other (n8n then answers late and deliveries time out), so they run one at a time
    // after everything else.
    const isSystemSuite = (file: string) => file.includes(`${path.sep}tests${path.sep}system${path.sep}`);
    const phases = [
      { files: files.filter((f) => !isSystemSuite(f)), concurrency: 2 },
      { files: files.filter(isSystemSuite), concurrency: 1 },
    ].filter((phase) => phase.files.length > 0);
    for (const phase of phases) {
      const stream = run({ files: phase.files, concurrency: phase.concurrency, timeout: 15 * 60_000 });
      stream.on('test:pass', (event) => {
        if (event.details.type === 'suite') return;
        if (event.skip || event.todo) skipped++;
        else passed++;
      });
      stream.on('test:fail', (event) => {
        if (event.details.type !== 'suite') failed++;
      });
      const report = stream.compose(spec);
      report.pipe(process.stdout, { end: false });
      await new Promise((resolve) => report.once('end', resolve));
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    return failed === 0 && passed > 0 ? 0 : 1;
  } finally {
    await postgres.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `test run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
