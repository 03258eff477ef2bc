// GET /api/v1/health/reboot-check against real PostgreSQL and a fake n8n public API (a local
// HTTP server answering GET /api/v1/executions?status=running like n8n does): refused with
// each failing check — n8n not configured, executions running, n8n failing, a backup
// running, 2 reboots in the last hour — allowed when all pass; and a REBOOT requested by hand
// only when the host enables reboots and the checks pass.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

const N8N_KEY = 'n8n_api_test_key_0123456789';

/** n8n's public executions API: `mode` decides the answer; requests are recorded. */
function fakeN8n() {
  const seen: Array<{ url: string; key: string | undefined }> = [];
  let mode: 'idle' | 'busy' | 'unauthorized' = 'idle';
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', key: req.headers['x-n8n-api-key'] as string | undefined });
    if (mode === 'unauthorized' || req.headers['x-n8n-api-key'] !== N8N_KEY) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"unauthorized"}');
      return;
    }
    const data = mode === 'busy' ? [{ id: '1021', status: 'running', workflowId: 'wf1' }] : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data, nextCursor: null }));
  });
  return {
    seen,
    setMode: (m: typeof mode) => (mode = m),
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('reboot check', () => {
  let database: TestDatabase;
  let api: TestApi;
  let lenient: TestApi;
  let pool: pg.Pool;
  let agent: string;
  let manager: string;
  let admin: string;
  const n8n = fakeN8n();
  let n8nUrl: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    lenient = await startTestApi(database.url, { HEALING_REBOOT_REQUIRE_N8N_DRAINED: 'false' }, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    agent = (await createApiKey(pool, { name: 'agent', scopes: ['health.report', 'commands.manage'] })).key;
    manager = (await createApiKey(pool, { name: 'n8n healing', scopes: ['health.manage'] })).key;
    admin = (await createApiKey(pool, { name: 'operator', scopes: ['admin'] })).key;
    n8nUrl = await n8n.start();
  });
  after(async () => {
    await api.close();
    await lenient.close();
    await pool.end();
    await database.drop();
    await n8n.stop();
  });

  const check = async (host = 'gpu-01', base = api) => {
    const r = await request(base.url, 'GET', `/api/v1/health/reboot-check?host=${host}`, { token: agent });
    assert.equal(r.status, 200, r.text);
    return r.body as { allowed: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
  };
  const failing = (result: Awaited<ReturnType<typeof check>>) => result.checks.filter((c) => !c.ok).map((c) => c.name);
  const configureN8n = async (baseUrl: string | null, apiKey: string) => {
    const r = await request(api.url, 'PUT', '/api/v1/settings/n8n', {
      token: admin,
      body: { value: { base_url: baseUrl }, secrets: { api_key: apiKey } },
    });
    assert.equal(r.status, 200, r.text);
  };

  it('fails closed while n8n is not configured, naming it; passes that check when not required', async () => {
    const result = await check();
    assert.equal(result.allowed, false);
    assert.deepEqual(
      result.checks.map((c) => c.name),
      ['database_reachable', 'no_backup_running', 'reboot_rate', 'workflows_drained'],
    );
    assert.deepEqual(failing(result), ['workflows_drained']);
    assert.equal(result.checks[3]!.detail, 'n8n not configured');
    const relaxed = await check('gpu-01', lenient);
    assert.equal(relaxed.allowed, true);
    assert.match(relaxed.checks[3]!.detail, /not required/);
  });

  it("asks n8n's public API for running executions with the configured key", async () => {
    await configureN8n(n8nUrl, N8N_KEY);
    const idle = await check();
    assert.equal(idle.allowed, true, JSON.stringify(idle));
    const asked = n8n.seen.at(-1)!;
    assert.equal(asked.key, N8N_KEY);
    const url = new URL(asked.url, 'http://x');
    assert.equal(url.pathname, '/api/v1/executions');
    assert.equal(url.searchParams.get('status'), 'running');

    n8n.setMode('busy');
    const busy = await check();
    assert.deepEqual(failing(busy), ['workflows_drained']);
    assert.equal(busy.checks[3]!.detail, 'n8n has running executions');

    n8n.setMode('unauthorized');
    const refused = await check();
    assert.deepEqual(failing(refused), ['workflows_drained']);
    assert.match(refused.checks[3]!.detail, /HTTP 401/);
    assert.ok(!JSON.stringify(refused).includes(N8N_KEY));
    n8n.setMode('idle');

    await configureN8n('http://127.0.0.1:9', N8N_KEY);
    const unreachable = await check();
    assert.match(unreachable.checks[3]!.detail, /unreachable/);
    await configureN8n(n8nUrl, N8N_KEY);
  });

  it('refuses while a backup runs', async () => {
    const backup = (await pool.query(`INSERT INTO backups (status, target) VALUES ('running', 'folder') RETURNING id`))
      .rows[0].id;
    try {
      const result = await check();
      assert.deepEqual(failing(result), ['no_backup_running']);
      assert.match(result.checks[1]!.detail, new RegExp(`backup ${backup} is running`));
    } finally {
      await pool.query('DELETE FROM backups WHERE id = $1', [backup]);
    }
    assert.equal((await check()).allowed, true);
  });

  it('refuses after 2 reboots of the host in the last hour (older ones and other hosts do not count)', async () => {
    await pool.query(
      `INSERT INTO healing_actions (host, action, status, requested_at) VALUES
         ('gpu-02', 'REBOOT', 'succeeded', now() - interval '50 minutes'),
         ('gpu-02', 'REBOOT', 'succeeded', now() - interval '2 hours'),
         ('gpu-02', 'REBOOT', 'failed', now() - interval '10 minutes'),
         ('gpu-03', 'REBOOT', 'succeeded', now() - interval '5 minutes')`,
    );
    assert.equal((await check('gpu-02')).allowed, true);
    await pool.query(
      `INSERT INTO healing_actions (host, action, status, requested_at) VALUES ('gpu-02', 'REBOOT', 'running', now())`,
    );
    const result = await check('gpu-02');
    assert.deepEqual(failing(result), ['reboot_rate']);
    assert.match(result.checks[2]!.detail, /^2 reboot\(s\) of gpu-02/);
    assert.equal((await check('gpu-03')).allowed, true);
  });

  it('queues a REBOOT by hand only where enabled and while every check passes', async () => {
    const ask = (host: string) =>
      request(api.url, 'POST', '/api/v1/healing-actions', { token: manager, body: { host, action: 'REBOOT' } });
    const disabled = await ask('gpu-04');
    assert.match(disabled.body.outcome, /^not_allowed: reboot is not enabled/);
    const setting = await request(api.url, 'PUT', '/api/v1/settings/healing', {
      token: admin,
      body: { value: { hosts: { 'gpu-04': { reboot_enabled: true } } } },
    });
    assert.equal(setting.status, 200, setting.text);
    n8n.setMode('busy');
    const busy = await ask('gpu-04');
    assert.equal(busy.body.queued, false);
    assert.match(busy.body.outcome, /^safety_check: workflows_drained: n8n has running executions/);
    n8n.setMode('idle');
    const ok = await ask('gpu-04');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.queued, true);
    assert.equal(ok.body.status, 'pending');
    // A reboot is never handed out twice by the queue (a timeout or a release fails it).
    const command = (await pool.query('SELECT max_retries FROM commands WHERE id = $1', [ok.body.command_id])).rows[0];
    assert.equal(command.max_retries, 0);
    const claimed = await request(api.url, 'GET', '/api/v1/commands/HEALING?host=gpu-04', { token: agent });
    assert.deepEqual(
      claimed.body.map((c: { action: string }) => c.action),
      ['REBOOT'],
    );
    // The agent's own check right before rebooting now counts this reboot (running).
    assert.match((await check('gpu-04')).checks[2]!.detail, /^1 reboot/);
  });

  it('needs health.report and a host name', async () => {
    const viaManager = await request(api.url, 'GET', '/api/v1/health/reboot-check?host=gpu-01', { token: manager });
    assert.equal(viaManager.status, 403);
    const missing = await request(api.url, 'GET', '/api/v1/health/reboot-check', { token: agent });
    assert.equal(missing.status, 400);
    assert.ok('query.host' in missing.body.errors, missing.text);
  });
});
