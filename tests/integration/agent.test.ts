// The Chronos agent end to end against the real admin-api and PostgreSQL: an API key with
// health.report + commands.manage; the agent process (fake nvidia-smi and systemctl on PATH)
// pushes samples that land in health_samples with the fake host's figures; a HEALING command
// for its host is claimed, executed (the fake systemctl's log) and completed, and its
// healing_actions row mirrors the outcome; a command for another host is left alone; a reboot
// is refused by admin-api's reboot check (n8n not configured → workflows not drained).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { agentMain, fakeServicesDir, makeFakeHost, type FakeHost } from '../agent/fixtures.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

const HOST = 'gpu-e2e';

async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('chronos agent against the real admin-api', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agentKey: string;
  let agentKeyId: string;
  let operatorKey: string;
  let host: FakeHost;
  let agent: ChildProcess;
  let agentOutput = '';
  let agentExit: Promise<number | null>;
  const commandIds: Record<string, string> = {};

  const createCommand = async (action: string, params: Record<string, unknown>) => {
    const r = await request(api.url, 'POST', '/api/v1/commands', {
      token: operatorKey,
      body: { system: 'HEALING', action, params, max_retries: 0 },
    });
    assert.equal(r.status, 200, r.text);
    return r.body.id as string;
  };
  const command = async (id: string) => (await pool.query('SELECT * FROM commands WHERE id = $1', [id])).rows[0];

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'agent gpu-e2e', scopes: ['health.report', 'commands.manage'] });
    agentKey = created.key;
    agentKeyId = created.row.id;
    operatorKey = (await createApiKey(pool, { name: 'healing operator', scopes: ['commands.manage'] })).key;

    host = makeFakeHost('normal');
    host.setUnit('nginx.service', 'failed');
    host.setContainer('ollama', 'true|healthy');

    // Queued before the agent starts: its first poll must take exactly its own.
    commandIds.restart = await createCommand('RESTART_SERVICE', { host: HOST, service: 'nginx' });
    commandIds.other = await createCommand('RESTART_SERVICE', { host: 'gpu-other', service: 'nginx' });
    commandIds.reboot = await createCommand('REBOOT', { host: HOST });
    await pool.query(
      `INSERT INTO healing_actions (host, action, target, command_id, status, requested_by)
       VALUES ($1, 'RESTART_SERVICE', 'nginx', $2, 'pending', 'test')`,
      [HOST, commandIds.restart],
    );

    const config = path.join(host.dir, 'agent.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        api_url: api.url,
        host: HOST,
        sample_interval_s: 1,
        poll_interval_s: 1,
        proc_root: host.procRoot,
        state_file: path.join(host.dir, 'state.json'),
        disks: ['/'],
        kernel_log: { source: 'none' },
        services: [
          { name: 'nginx', kind: 'systemd', unit: 'nginx.service' },
          { name: 'ollama', kind: 'container', container: 'ollama' },
        ],
        reboot: { enabled: true, command: [path.join(fakeServicesDir, 'systemctl'), 'reboot'] },
      }),
    );
    agent = spawn(process.execPath, [agentMain], {
      env: { ...host.env, CHRONOS_AGENT_CONFIG: config, CHRONOS_AGENT_API_KEY: agentKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (c: Buffer) => (agentOutput += c.toString()));
    agent.stderr!.on('data', (c: Buffer) => (agentOutput += c.toString()));
    agentExit = new Promise((resolve) => agent.once('exit', (code) => resolve(code)));
  });

  after(async () => {
    if (agent.exitCode === null) {
      agent.kill('SIGKILL');
      await agentExit;
    }
    await api.close();
    await pool.end();
    await database.drop();
    fs.rmSync(host.dir, { recursive: true, force: true });
  });

  it('samples land in health_samples with the fake host’s figures', async () => {
    const rows = await waitFor(async () => {
      const r = await pool.query(
        'SELECT host, taken_at, metrics FROM health_samples WHERE host = $1 ORDER BY taken_at',
        [HOST],
      );
      return r.rows.length >= 2 && r.rows;
    }, 'two samples');
    const first = rows[0].metrics;
    assert.equal(first.agent_version, '0.1.0');
    assert.equal(first.boot_id, 'b0000000-0000-4000-8000-000000000001');
    assert.equal(first.memory.used_percent, 75);
    assert.equal(first.cpu.cores, 2);
    assert.equal(first.disks[0].path, '/');
    assert.equal(first.gpus.length, 2);
    assert.deepEqual(
      first.gpus.map((g: { index: number; temperature_c: number; throttle_reasons: string[] }) => [
        g.index,
        g.temperature_c,
        g.throttle_reasons,
      ]),
      [
        [0, 52, []],
        [1, 31, ['gpu_idle']],
      ],
    );
    assert.equal(rows[1].metrics.gpus[0].temperature_c, 54, 'the next recorded line');
    assert.deepEqual(first.reboot_validation, { services_up: ['ollama'], services_down: ['nginx'] });
    assert.equal(rows[1].metrics.reboot_validation, undefined);
  });

  it('claims and runs its own HEALING command once, completes it, and healing_actions mirrors it', async () => {
    const done = await waitFor(async () => {
      const c = await command(commandIds.restart!);
      return c.status === 'COMPLETED' && c;
    }, 'the restart to complete');
    assert.equal(done.claimed_by, `api_key:${agentKeyId}`);
    assert.equal(done.result.dry_run, false);
    assert.match(done.result.output, /^systemctl restart nginx\.service/);
    assert.equal(typeof done.result.duration_ms, 'number');
    assert.deepEqual(
      host.serviceCalls().filter((c) => c.startsWith('systemctl restart')),
      ['systemctl restart nginx.service'],
    );
    const action = (await pool.query('SELECT * FROM healing_actions WHERE command_id = $1', [commandIds.restart]))
      .rows[0];
    assert.equal(action.status, 'succeeded');
    assert.match(action.output, /systemctl restart nginx\.service/);
    assert.ok(action.finished_at);
  });

  it('a reboot is refused by the reboot check and reported as a fail naming it', async () => {
    const failed = await waitFor(async () => {
      const c = await command(commandIds.reboot!);
      return c.status === 'FAILED' && c;
    }, 'the reboot to fail');
    assert.match(failed.last_error, /^reboot refused: failed checks: .*workflows_drained \(n8n not configured\)/);
    assert.deepEqual(
      host.serviceCalls().filter((c) => c === 'systemctl reboot'),
      [],
    );
  });

  it('leaves another host’s command alone; stops cleanly on SIGTERM; never logs its key', async () => {
    // Polls run every second, like samples: four samples in, several polls have passed it by.
    await waitFor(
      async () => Number((await pool.query('SELECT count(*) FROM health_samples')).rows[0].count) >= 4,
      'more samples',
    );
    assert.equal((await command(commandIds.other!)).status, 'PENDING');
    agent.kill('SIGTERM');
    assert.equal(await agentExit, 0);
    assert.ok(!agentOutput.includes(agentKey), 'the API key is never logged');
  });
});
