// End to end against a real n8n 2.x and a real PostgreSQL: the workflow tooling installs the
// versioned workflows (fixtures written here, in the committed file format), records them,
// upgrades raised versions, refuses to overwrite an edit made in n8n (a CONFLICT) unless
// --force, exports back to identical bytes, diffs and reports status — and the CLI wires it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { mintN8nApiKey, N8nPublicApi, type N8nWorkflow } from '../../scripts/lib/n8n-public-api.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import {
  diffWorkflowsWithN8n,
  exportWorkflows,
  importWorkflows,
  workflowStatus,
  type ImportOutcome,
  type SyncContext,
} from '../../scripts/lib/workflow-sync.ts';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { startTestN8n, type TestN8n } from '../helpers/n8n-process.ts';

const chronosCredential = { chronosApi: { id: 'chronosApiCredential', name: 'Chronos API' } };

/** Three workflows as the repo holds them: activatable, needing a missing credential, manual only. */
const FIXTURES: Record<string, Record<string, unknown>> = {
  'health-check': {
    id: 'FixHealthCheck01',
    name: 'Chronos – fixture health check',
    meta: { chronosKey: 'health-check', chronosVersion: 1 },
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        name: 'Every 5 minutes',
        type: 'n8n-nodes-base.scheduleTrigger',
        typeVersion: 1.2,
        position: [0, 0],
        parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] } },
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        name: 'Get Health',
        type: 'n8n-nodes-chronos.chronos',
        typeVersion: 1,
        position: [220, 0],
        parameters: { resource: 'system', operation: 'getHealth' },
        credentials: chronosCredential,
      },
    ],
    connections: { 'Every 5 minutes': { main: [[{ node: 'Get Health', type: 'main', index: 0 }]] } },
  },
  'calendar-pull': {
    id: 'FixCalendarPull1',
    name: 'Chronos – fixture calendar pull',
    meta: { chronosKey: 'calendar-pull', chronosVersion: 1 },
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: '33333333-3333-4333-8333-333333333333',
        name: 'Every 15 minutes',
        type: 'n8n-nodes-base.scheduleTrigger',
        typeVersion: 1.2,
        position: [0, 0],
        parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } },
      },
      {
        id: '44444444-4444-4444-8444-444444444444',
        name: 'Google Calendar',
        type: 'n8n-nodes-base.googleCalendar',
        typeVersion: 1.3,
        position: [220, 0],
        parameters: {
          operation: 'getAll',
          calendar: { __rl: true, mode: 'id', value: 'primary' },
          returnAll: true,
          options: {},
        },
        credentials: { googleCalendarOAuth2Api: { id: 'googleCalendarCredential', name: 'Google Calendar' } },
      },
    ],
    connections: { 'Every 15 minutes': { main: [[{ node: 'Google Calendar', type: 'main', index: 0 }]] } },
  },
  'manual-identity': {
    id: 'FixManualIdent01',
    name: 'Chronos – fixture manual identity',
    meta: { chronosKey: 'manual-identity', chronosVersion: 1 },
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: '55555555-5555-4555-8555-555555555555',
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      {
        id: '66666666-6666-4666-8666-666666666666',
        name: 'Get Identity',
        type: 'n8n-nodes-chronos.chronos',
        typeVersion: 1,
        position: [220, 0],
        parameters: { resource: 'system', operation: 'getIdentity' },
        credentials: chronosCredential,
      },
    ],
    connections: { Start: { main: [[{ node: 'Get Identity', type: 'main', index: 0 }]] } },
  },
};

type Schedule = { rule: { interval: Array<{ minutesInterval: number }> } };
/** The schedule of a workflow's first node (the trigger), in minutes. */
const minutesOf = (workflow: { nodes: Array<{ parameters?: unknown }> }) =>
  (workflow.nodes[0]!.parameters as Schedule).rule.interval[0]!.minutesInterval;

const byKey = (outcomes: ImportOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.key, o]));

describe('workflow tooling against a real n8n', { timeout: 300_000 }, () => {
  let chronosDb: TestDatabase;
  let n8nDb: TestDatabase;
  let api: TestApi;
  let n8n: TestN8n;
  let pool: pg.Pool;
  let client: N8nPublicApi;
  let n8nKey: string;
  let chronosKey: string;
  let workDir: string;
  let dir: string;
  let ctx: SyncContext;

  const file = (key: string) => path.join(dir, `${key}.json`);
  const readFile = (key: string) => JSON.parse(fs.readFileSync(file(key), 'utf8')) as Record<string, unknown>;
  /** Raises a file's version and changes its schedule, as an author would. */
  function bump(key: string, minutes: number): void {
    const workflow = readFile(key) as { meta: { chronosVersion: number }; nodes: Array<{ parameters: Schedule }> };
    workflow.meta.chronosVersion += 1;
    workflow.nodes[0]!.parameters.rule.interval[0]!.minutesInterval = minutes;
    fs.writeFileSync(file(key), formatWorkflow(workflow));
  }
  async function record(key: string) {
    const result = await pool.query('SELECT * FROM workflow_installs WHERE workflow_key = $1', [key]);
    return result.rows[0];
  }
  async function live(key: string): Promise<N8nWorkflow> {
    const workflow = await client.getWorkflow((await record(key)).workflow_id);
    assert.ok(workflow);
    return workflow;
  }
  const auditCount = async () =>
    Number(
      (await pool.query(`SELECT count(*) FROM audit_log WHERE entity = 'workflow_install'`)).rows[0].count as string,
    );
  function cli(...args: string[]) {
    return spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'workflows.ts'), ...args, '--dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, N8N_URL: n8n.url, N8N_API_KEY: n8nKey, DATABASE_URL: chronosDb.url },
    });
  }

  before(async () => {
    chronosDb = await createTestDatabase();
    n8nDb = await createTestDatabase({ template: false });
    api = await startTestApi(chronosDb.url);
    pool = new pg.Pool({ connectionString: chronosDb.url });
    chronosKey = (await createApiKey(pool, { name: 'n8n e2e', scopes: ['events.read', 'workflows.manage'] })).key;

    workDir = fs.mkdtempSync(path.join(process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir(), 'workflow-tooling-'));
    dir = path.join(workDir, 'workflows');
    fs.mkdirSync(dir);
    for (const [key, workflow] of Object.entries(FIXTURES)) fs.writeFileSync(file(key), formatWorkflow(workflow));

    n8n = await startTestN8n({ databaseUrl: n8nDb.url, userFolder: path.join(workDir, 'n8n') });
    n8nKey = await mintN8nApiKey(n8n.url, n8n.owner, { label: 'workflow tooling e2e' });
    client = new N8nPublicApi(n8n.url, n8nKey);
    ctx = { n8n: client, pool, dir, actor: 'e2e test' };
  });

  after(async () => {
    await n8n?.stop();
    await pool?.end();
    await api?.close();
    await chronosDb?.drop();
    await n8nDb?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('reports every workflow as not installed in an empty n8n', async () => {
    const rows = await workflowStatus(ctx);
    assert.deepEqual(
      rows.map((r) => [r.key, r.repoVersion, r.installedVersion, r.state]),
      [
        ['calendar-pull', 1, undefined, 'not installed'],
        ['health-check', 1, undefined, 'not installed'],
        ['manual-identity', 1, undefined, 'not installed'],
      ],
    );
  });

  it('imports into an empty n8n: creates the credential, installs, records, activates what it can', async () => {
    const outcomes = byKey(
      await importWorkflows(ctx, { activate: true, chronosApi: { baseUrl: api.url, apiKey: chronosKey } }),
    );
    assert.deepEqual(
      Object.values(outcomes).map((o) => o.state),
      ['installed', 'installed', 'installed'],
    );
    assert.equal(outcomes['health-check']!.activation, 'activated');
    assert.equal(
      outcomes['calendar-pull']!.activation,
      'not activated: needs credential Google Calendar (googleCalendarOAuth2Api)',
    );
    assert.deepEqual(outcomes['calendar-pull']!.missingCredentials, ['Google Calendar (googleCalendarOAuth2Api)']);
    assert.equal(outcomes['manual-identity']!.activation, 'not activated: no trigger that can be activated');

    const credentials = await client.listCredentials();
    const chronos = credentials.find((c) => c.type === 'chronosApi' && c.name === 'Chronos API');
    assert.ok(chronos, 'the Chronos API credential was created');
    const health = await live('health-check');
    assert.equal(health.active, true);
    assert.deepEqual(health.nodes[1]!.credentials, { chronosApi: { id: chronos.id, name: 'Chronos API' } });

    const row = await record('health-check');
    assert.equal(row.version, 1);
    assert.equal(row.workflow_id, health.id);
    assert.equal(row.active, true);
    assert.equal(row.imported_by, 'e2e test');
    assert.match(row.n8n_content_hash, /^[0-9a-f]{64}$/);
    assert.equal(row.n8n_version_id, health.versionId);
    // install ×3, plus the activation of health-check.
    assert.equal(await auditCount(), 4);

    const listed = await request(api.url, 'GET', '/api/v1/workflow-installs?sort=["workflow_key","ASC"]', {
      token: chronosKey,
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((r: { workflow_key: string; version: number }) => [r.workflow_key, r.version]),
      [
        ['calendar-pull', 1],
        ['health-check', 1],
        ['manual-identity', 1],
      ],
    );
    assert.equal(listed.headers.get('content-range'), 'workflow-installs 0-2/3');
  });

  it('imports again: everything up to date, nothing written', async () => {
    const before = await auditCount();
    const outcomes = await importWorkflows(ctx, { activate: true });
    assert.deepEqual(
      outcomes.map((o) => [o.key, o.state]),
      [
        ['calendar-pull', 'up to date'],
        ['health-check', 'up to date'],
        ['manual-identity', 'up to date'],
      ],
    );
    assert.equal(byKey(outcomes)['health-check']!.activation, 'already active');
    assert.equal(await auditCount(), before);
  });

  it('upgrades a workflow whose repo version rose', async () => {
    bump('health-check', 10);
    assert.equal((await workflowStatus(ctx)).find((r) => r.key === 'health-check')!.state, 'upgrade available');
    const outcome = byKey(await importWorkflows(ctx))['health-check']!;
    assert.equal(outcome.state, 'upgraded');
    assert.equal(outcome.detail, 'upgraded v1 → v2');
    const health = await live('health-check');
    assert.equal(minutesOf(health), 10);
    assert.equal(health.active, true, 'still published');
    assert.equal((await record('health-check')).version, 2);
  });

  it('reports a CONFLICT for a workflow edited in n8n and keeps the edit; diff shows it', async () => {
    const health = await live('health-check');
    const edited = structuredClone(health.nodes);
    (edited[1]!.parameters as Record<string, unknown>).operation = 'getIdentity';
    await client.updateWorkflow(health.id, {
      name: health.name,
      nodes: edited,
      connections: health.connections,
      settings: health.settings ?? {},
    });
    bump('health-check', 20);

    const status = (await workflowStatus(ctx)).find((r) => r.key === 'health-check')!;
    assert.deepEqual([status.repoVersion, status.installedVersion, status.state], [3, 2, 'edited in n8n']);

    const outcome = byKey(await importWorkflows(ctx))['health-check']!;
    assert.equal(outcome.state, 'conflict');
    assert.match(outcome.detail, /v3 available \(installed v2\), but the workflow was edited in n8n/);
    const after = await live('health-check');
    assert.equal((after.nodes[1]!.parameters as Record<string, unknown>).operation, 'getIdentity', 'edit kept');
    assert.equal(minutesOf(after), 10, 'v3 not applied');
    assert.equal((await record('health-check')).version, 2);

    const diff = (await diffWorkflowsWithN8n(ctx, ['health-check']))[0]!;
    assert.equal(diff.state, 'differs');
    assert.ok(
      diff.lines.includes('~ node "Get Health": parameters.operation: "getHealth" → "getIdentity"'),
      diff.lines.join('\n'),
    );
    assert.ok(diff.lines.includes('meta.chronosVersion: 3 → 2'), diff.lines.join('\n'));
    assert.ok(
      diff.lines.includes('~ node "Every 5 minutes": parameters.rule.interval[0].minutesInterval: 20 → 10'),
      diff.lines.join('\n'),
    );

    // The CLI: the same conflict, exit code 1 for import and diff.
    const imported = cli('import');
    assert.equal(imported.status, 1, imported.stderr);
    assert.match(imported.stdout, /health-check\s+CONFLICT/);
    const diffed = cli('diff', 'health-check');
    assert.equal(diffed.status, 1, diffed.stderr);
    assert.match(diffed.stdout, /health-check: differs\n[\s\S]*parameters\.operation: "getHealth" → "getIdentity"/);
  });

  it('--force overwrites the edit with the repo version', async () => {
    const outcome = byKey(await importWorkflows(ctx, { force: true, keys: ['health-check'] }))['health-check']!;
    assert.equal(outcome.state, 'overwritten');
    const health = await live('health-check');
    assert.equal((health.nodes[1]!.parameters as Record<string, unknown>).operation, 'getHealth');
    assert.equal(minutesOf(health), 20);
    assert.equal((await record('health-check')).version, 3);
    assert.deepEqual(
      (await workflowStatus(ctx)).map((r) => r.state),
      ['up to date', 'up to date', 'up to date'],
    );
    const diffed = cli('diff');
    assert.equal(diffed.status, 0, diffed.stdout + diffed.stderr);
  });

  it('export round-trips to identical bytes', async () => {
    const before = Object.fromEntries(Object.keys(FIXTURES).map((k) => [k, fs.readFileSync(file(k), 'utf8')]));
    const results = await exportWorkflows(ctx);
    assert.deepEqual(
      results.map((r) => [r.key, r.state]),
      [
        ['calendar-pull', 'unchanged'],
        ['health-check', 'unchanged'],
        ['manual-identity', 'unchanged'],
      ],
    );
    for (const key of Object.keys(FIXTURES)) assert.equal(fs.readFileSync(file(key), 'utf8'), before[key], key);
  });

  it('export --bump writes an edit made in n8n back with the next version; status is up to date', async () => {
    const manual = await live('manual-identity');
    const nodes = structuredClone(manual.nodes);
    nodes[1]!.position = [400, 80];
    await client.updateWorkflow(manual.id, {
      name: manual.name,
      nodes,
      connections: manual.connections,
      settings: manual.settings ?? {},
    });
    const [result] = await exportWorkflows(ctx, { keys: ['manual-identity'], bump: true });
    assert.deepEqual([result!.state, result!.version], ['written', 2]);
    const written = readFile('manual-identity') as {
      meta: unknown;
      nodes: Array<{ position: unknown; credentials?: unknown }>;
    };
    assert.deepEqual(written.meta, { chronosKey: 'manual-identity', chronosVersion: 2 });
    assert.deepEqual(written.nodes[1]!.position, [400, 80]);
    // The real credential id went back to the placeholder.
    assert.deepEqual(written.nodes[1]!.credentials, chronosCredential);
    assert.equal(fs.readFileSync(file('manual-identity'), 'utf8'), formatWorkflow(written as Record<string, unknown>));

    const status = cli('status');
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /manual-identity\s+v2\s+v2\s+up to date\s+no/);
    assert.match(status.stdout, /health-check\s+v3\s+v3\s+up to date\s+yes/);
  });

  it('status lists a recorded workflow whose file is gone as missing in repo', async () => {
    fs.rmSync(file('calendar-pull'));
    const row = (await workflowStatus(ctx)).find((r) => r.key === 'calendar-pull')!;
    assert.deepEqual([row.repoVersion, row.installedVersion, row.state], [undefined, 1, 'missing in repo']);
  });
});
