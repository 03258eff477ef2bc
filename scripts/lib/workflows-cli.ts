// `npm run workflows -- <command>` (started through scripts/workflows.ts): the versioned
// workflows in workflows/ against a live n8n, through n8n's public API (logic in
// workflow-sync.ts). Install records go to DATABASE_URL (or the local stack's database).
//
//   import [--force] [--activate] [keys…]   install missing, upgrade raised versions; edits made in n8n
//                                           are a CONFLICT unless --force; --activate publishes
//   export [--bump] [keys…]                 write the live workflows back to workflows/<key>.json
//   diff [keys…]                            what differs between repo and n8n (exit 1 if anything)
//   status                                  key, repo version, installed version, state
//   lint                                    check the files (scripts/lib/workflow-lint.ts)
//   --dir <folder>                          another workflows folder (default: the repo's workflows/)
//
// n8n: N8N_URL (default http://localhost:$N8N_PORT or 5678) and N8N_API_KEY, or
// N8N_OWNER_EMAIL + N8N_OWNER_PASSWORD to mint a short-lived key, or — local stack, no
// DATABASE_URL — the key `npm start` stored / its owner login. CHRONOS_API_URL + CHRONOS_API_KEY
// (+ CHRONOS_WEBHOOK_SECRET) let import create n8n's "Chronos API" credential when missing.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cliDatabaseUrl } from './database-url.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { mintN8nApiKey, N8nPublicApi } from './n8n-public-api.ts';
import { dataDir, repoRoot } from './paths.ts';
import {
  defaultActor,
  diffWorkflowsWithN8n,
  exportWorkflows,
  importWorkflows,
  workflowStatus,
  type SyncContext,
} from './workflow-sync.ts';

const usage = `usage: npm run workflows -- <command> [--dir <folder>]
  import [--force] [--activate] [keys…]
  export [--bump] [keys…]
  diff [keys…]
  status
  lint`;

function fail(message: string, code = 2): never {
  console.error(`${message}\n${usage}`);
  process.exit(code);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    force: { type: 'boolean', default: false },
    activate: { type: 'boolean', default: false },
    bump: { type: 'boolean', default: false },
    dir: { type: 'string', default: path.join(repoRoot, 'workflows') },
  },
});
const [command, ...keys] = positionals;
const dir = path.resolve(values.dir!);

async function n8nClient(): Promise<N8nPublicApi> {
  const url = process.env.N8N_URL ?? `http://localhost:${process.env.N8N_PORT || '5678'}`;
  if (process.env.N8N_API_KEY) return new N8nPublicApi(url, process.env.N8N_API_KEY);
  const local = process.env.DATABASE_URL ? undefined : loadOrCreateLocalSecrets(dataDir);
  if (local?.n8nApiKey) return new N8nPublicApi(url, local.n8nApiKey);
  const email = process.env.N8N_OWNER_EMAIL ?? local?.n8nOwnerEmail;
  const password = process.env.N8N_OWNER_PASSWORD ?? local?.n8nOwnerPassword;
  if (!email || !password) fail('set N8N_API_KEY (or N8N_OWNER_EMAIL and N8N_OWNER_PASSWORD) for n8n');
  // Short-lived: a key per CLI run must not pile up as permanent access.
  const key = await mintN8nApiKey(
    url,
    { email, password },
    {
      label: `chronos workflows ${new Date().toISOString().slice(0, 16)}`,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  );
  return new N8nPublicApi(url, key);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function lint(): Promise<number> {
  // Loaded on demand so the other commands never depend on the lint module.
  const { lintWorkflows, loadNodeCatalog, defaultCatalogOptions } = await import('./workflow-lint.ts');
  const issues = lintWorkflows(dir, loadNodeCatalog(defaultCatalogOptions()));
  for (const issue of issues) console.log(`${issue.file}${issue.node ? ` [${issue.node}]` : ''}: ${issue.message}`);
  console.log(issues.length ? `${issues.length} issue(s)` : 'no issues');
  return issues.length ? 1 : 0;
}

async function main(): Promise<number> {
  if (command === 'lint') return lint();
  if (!['import', 'export', 'diff', 'status'].includes(command ?? '')) fail(`unknown command ${command ?? ''}`);
  if (command === 'status' && keys.length) fail('status takes no keys');
  const pool = new pg.Pool({ connectionString: cliDatabaseUrl(), max: 2, application_name: 'chronos-workflows-cli' });
  pool.on('error', () => undefined);
  try {
    const ctx: SyncContext = { n8n: await n8nClient(), pool, dir, actor: defaultActor() };
    switch (command) {
      case 'import': {
        const outcomes = await importWorkflows(ctx, {
          keys,
          force: values.force,
          activate: values.activate,
          chronosApi: {
            baseUrl: process.env.CHRONOS_API_URL,
            apiKey: process.env.CHRONOS_API_KEY,
            webhookSecret: process.env.CHRONOS_WEBHOOK_SECRET,
          },
        });
        for (const o of outcomes) {
          const state = o.state === 'conflict' ? 'CONFLICT' : o.state;
          console.log(`${o.key.padEnd(30)} ${state.padEnd(11)} ${o.detail}${o.activation ? `; ${o.activation}` : ''}`);
          if (o.missingCredentials?.length)
            console.log(`${''.padEnd(30)} warning: imported without credential ${o.missingCredentials.join(', ')}`);
        }
        return outcomes.some((o) => o.state === 'conflict' || o.state === 'failed') ? 1 : 0;
      }
      case 'export': {
        for (const r of await exportWorkflows(ctx, { keys, bump: values.bump })) {
          const where = path.relative(process.cwd(), r.file);
          console.log(`${r.key.padEnd(30)} ${r.state.padEnd(13)} ${r.version ? `v${r.version} ` : ''}${where}`);
        }
        return 0;
      }
      case 'diff': {
        const results = await diffWorkflowsWithN8n(ctx, keys);
        for (const r of results) {
          console.log(`${r.key}: ${r.state}`);
          for (const line of r.lines) console.log(`  ${line}`);
        }
        return results.some((r) => r.state !== 'same') ? 1 : 0;
      }
      default: {
        const rows = await workflowStatus(ctx);
        console.log(
          table([
            ['KEY', 'REPO', 'INSTALLED', 'STATE', 'ACTIVE'],
            ...rows.map((r) => [
              r.key,
              r.repoVersion ? `v${r.repoVersion}` : '-',
              r.installedVersion ? `v${r.installedVersion}` : '-',
              r.state,
              r.active === undefined ? '-' : r.active ? 'yes' : 'no',
            ]),
          ]),
        );
        return 0;
      }
    }
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`workflows ${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
