// Healing actions over HTTP: requests by hand (POST /api/v1/healing-actions) through the same
// checks as evaluated ones, the agent's per-host claim (GET /api/v1/commands/HEALING?host=),
// and command outcomes mirrored into healing_actions in the same transaction (agent
// complete/fail, operator manual-fail, timeouts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

describe('healing actions', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agentA: string;
  let agentB: string;
  let manager: string;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    const agentScopes = ['health.report', 'commands.manage'] as const;
    agentA = (await createApiKey(pool, { name: 'agent gpu-a', scopes: [...agentScopes] })).key;
    agentB = (await createApiKey(pool, { name: 'agent gpu-b', scopes: [...agentScopes] })).key;
    manager = (await createApiKey(pool, { name: 'n8n healing', scopes: ['health.manage'] })).key;
    admin = (await createApiKey(pool, { name: 'operator', scopes: ['admin'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    request(api.url, method, path, { token, body });
  async function ask(body: Json, token = manager) {
    const r = await call('POST', '/api/v1/healing-actions', token, body);
    assert.equal(r.status, 200, r.text);
    return r.body as Json & { id: string; command_id: string | null; queued: boolean; status: string };
  }
  const poll = async (token: string, host?: string) => {
    const r = await call('GET', `/api/v1/commands/HEALING?limit=10${host ? `&host=${host}` : ''}`, token);
    assert.equal(r.status, 200, r.text);
    return r.body as Array<Json & { id: string; params: Json }>;
  };
  const action = async (id: string) =>
    (await pool.query('SELECT status, outcome, output, finished_at FROM healing_actions WHERE id = $1', [id])).rows[0];

  it('queues a requested action as a HEALING command and audits the request', async () => {
    const queued = await ask({
      host: 'gpu-a',
      action: 'restart_service',
      params: { service: 'ollama' },
      reason: 'test',
    });
    assert.equal(queued.queued, true);
    assert.equal(queued.status, 'pending');
    assert.equal(queued.action, 'RESTART_SERVICE');
    assert.equal(queued.target, 'ollama');
    const command = (
      await pool.query('SELECT system, action, params, source FROM commands WHERE id = $1', [queued.command_id])
    ).rows[0];
    assert.deepEqual(command, {
      system: 'HEALING',
      action: 'RESTART_SERVICE',
      params: { host: 'gpu-a', service: 'ollama' },
      source: 'healing',
    });
    const audit = (
      await pool.query(
        `SELECT actor_label, new_value FROM audit_log WHERE entity = 'healing_action' AND entity_id = $1`,
        [queued.id],
      )
    ).rows;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_label, 'n8n healing');
    assert.equal(audit[0].new_value.status, 'pending');
  });

  it('refuses bad requests field by field (400 unknown action, 422 params that do not type-check)', async () => {
    const unknown = await call('POST', '/api/v1/healing-actions', manager, { host: 'gpu-a', action: 'FORMAT_DISK' });
    assert.equal(unknown.status, 400);
    assert.ok('action' in unknown.body.errors, unknown.text);
    const missing = await call('POST', '/api/v1/healing-actions', manager, {
      host: 'gpu-a',
      action: 'RESTART_SERVICE',
    });
    assert.equal(missing.status, 422, missing.text);
    assert.equal(missing.body.errors['params.service'], 'is required');
    const typed = await call('POST', '/api/v1/healing-actions', manager, {
      host: 'gpu-a',
      action: 'THROTTLE_GPU',
      params: { gpu: 'zero', power_limit_w: 200, shell: 'rm -rf /' },
    });
    assert.equal(typed.status, 422, typed.text);
    assert.deepEqual(typed.body.errors, {
      'params.gpu': 'must be a whole number',
      'params.shell': 'is not an allowed parameter',
    });
  });

  it('records refusals as skipped actions: cooldown, host policy (GPU reset, reboot); a dry run is queued regardless', async () => {
    const again = await ask({ host: 'gpu-a', action: 'STOP_SERVICE', params: { service: 'ollama' } });
    assert.equal(again.queued, false);
    assert.equal(again.status, 'skipped');
    assert.match(String(again.outcome), /^cooldown: RESTART_SERVICE ollama was queued/);
    const reset = await ask({ host: 'gpu-a', action: 'RESET_GPU', params: { gpu: 0 } });
    assert.match(String(reset.outcome), /^not_allowed: GPU reset is not allowed/);
    const reboot = await ask({ host: 'gpu-a', action: 'REBOOT' });
    assert.match(String(reboot.outcome), /^not_allowed: reboot is not enabled/);
    const dry = await ask({ host: 'gpu-a', action: 'STOP_SERVICE', params: { service: 'ollama' }, dry_run: true });
    assert.equal(dry.queued, true);
    assert.equal(dry.dry_run, true);
    assert.deepEqual((await pool.query('SELECT params FROM commands WHERE id = $1', [dry.command_id])).rows[0].params, {
      host: 'gpu-a',
      service: 'ollama',
      dry_run: true,
    });
    assert.equal(
      Number((await pool.query(`SELECT count(*) FROM commands WHERE params ->> 'host' = 'gpu-a'`)).rows[0].count),
      2,
    );
  });

  it('an idempotency key replays the first request; the same key for another action is a 409', async () => {
    const first = await ask({ host: 'gpu-k', action: 'VACUUM_ANALYZE', idempotency_key: 'wf-42' });
    const second = await ask({ host: 'gpu-k', action: 'VACUUM_ANALYZE', idempotency_key: 'wf-42' });
    assert.equal(second.id, first.id);
    assert.equal(second.replayed, true);
    const other = await call('POST', '/api/v1/healing-actions', manager, {
      host: 'gpu-k',
      action: 'CLEAN_DISK',
      params: { path: '/var/log' },
      idempotency_key: 'wf-42',
    });
    assert.equal(other.status, 409, other.text);
  });

  it('each agent claims only the commands of its host', async () => {
    const forB = await ask({
      host: 'gpu-b',
      action: 'CLEAN_DISK',
      params: { path: '/var/log/app', older_than_days: 3 },
    });
    const forC = await ask({ host: 'gpu-c', action: 'VACUUM_ANALYZE' });
    assert.deepEqual(
      (await poll(agentB, 'gpu-b')).map((c) => c.id),
      [forB.command_id],
    );
    assert.deepEqual(await poll(agentB, 'gpu-b'), []);
    assert.deepEqual(
      (await poll(agentA, 'gpu-c')).map((c) => c.params.host),
      ['gpu-c'],
    );
    assert.equal((await action(forC.id)).status, 'running');
    const empty = await call('GET', '/api/v1/commands/HEALING?host=', agentA);
    assert.equal(empty.status, 400);
    assert.ok('query.host' in empty.body.errors, empty.text);
    const doc = (await (await fetch(`${api.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>;
    };
    assert.ok(doc.paths['/api/v1/commands/{id}']!.get.parameters.some((p) => p.name === 'host' && p.in === 'query'));
  });

  it('mirrors outcomes: claimed → running, complete → succeeded with output, fail → failed with the error', async () => {
    const restart = await ask({ host: 'gpu-m', action: 'RESTART_SERVICE', params: { service: 'vllm' } });
    const throttle = await ask({ host: 'gpu-m', action: 'THROTTLE_GPU', params: { gpu: 0, power_limit_w: 250 } });
    const dry = await ask({ host: 'gpu-m', action: 'START_SERVICE', params: { service: 'vllm' }, dry_run: true });
    const claimed = await poll(agentA, 'gpu-m');
    assert.deepEqual(
      claimed.map((c) => c.action),
      ['RESTART_SERVICE', 'THROTTLE_GPU', 'START_SERVICE'],
    );
    assert.equal((await action(restart.id)).status, 'running');

    const done = await call('POST', `/api/v1/commands/${restart.command_id}/complete`, agentA, {
      result: { output: 'systemctl restart vllm: ok', dry_run: false, duration_ms: 820 },
    });
    assert.equal(done.status, 200, done.text);
    const succeeded = await action(restart.id);
    assert.equal(succeeded.status, 'succeeded');
    assert.equal(succeeded.outcome, 'completed');
    assert.equal(succeeded.output, 'systemctl restart vllm: ok');
    assert.ok(succeeded.finished_at);

    const failed = await call('POST', `/api/v1/commands/${throttle.command_id}/fail`, agentA, {
      error: 'nvidia-smi -pl 250: Insufficient Permissions',
      retry: false,
    });
    assert.equal(failed.status, 200, failed.text);
    assert.deepEqual(
      { ...(await action(throttle.id)), finished_at: undefined },
      {
        status: 'failed',
        outcome: 'failed',
        output: 'nvidia-smi -pl 250: Insufficient Permissions',
        finished_at: undefined,
      },
    );

    await call('POST', `/api/v1/commands/${dry.command_id}/complete`, agentA, {
      result: { output: 'would run: systemctl start vllm', dry_run: true, duration_ms: 1 },
    });
    assert.equal((await action(dry.id)).outcome, 'dry_run');

    // The listing shows it all.
    const listed = await call(
      'GET',
      `/api/v1/healing-actions?filter=${encodeURIComponent('{"host":"gpu-m"}')}&sort=${encodeURIComponent('["requested_at","ASC"]')}`,
      manager,
    );
    assert.deepEqual(
      listed.body.map((a: Json) => a.status),
      ['succeeded', 'failed', 'succeeded'],
    );
    const one = await call('GET', `/api/v1/healing-actions/${restart.id}`, manager);
    assert.equal(one.body.output, 'systemctl restart vllm: ok');
  });

  it('mirrors an operator manual-fail and a timeout', async () => {
    const manual = await ask({ host: 'gpu-t', action: 'CLEAN_DISK', params: { path: '/var/tmp' } });
    const r = await call('POST', `/api/v1/commands/${manual.command_id}/manual-fail`, admin, {
      reason: 'host decommissioned',
      error: 'cancelled by operator',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((await action(manual.id)).output, 'cancelled by operator');

    // A claim that times out goes back to the queue once (pending again), then fails.
    const slow = await ask({ host: 'gpu-t', action: 'VACUUM_ANALYZE' });
    const expire = () =>
      pool.query(`UPDATE commands SET claimed_at = now() - interval '2 hours', available_at = now() WHERE id = $1`, [
        slow.command_id,
      ]);
    await poll(agentA, 'gpu-t');
    await expire();
    await poll(agentB, 'gpu-nothing'); // the next poll of the system resets stale commands first
    assert.deepEqual(await action(slow.id), {
      status: 'pending',
      outcome: null,
      output: 'timed out',
      finished_at: null,
    });
    assert.equal((await poll(agentA, 'gpu-t')).length, 1);
    assert.equal((await action(slow.id)).status, 'running');
    await expire();
    await poll(agentB, 'gpu-nothing');
    const timedOut = await action(slow.id);
    assert.equal(timedOut.status, 'failed');
    assert.equal(timedOut.output, 'timed out');
    assert.ok(timedOut.finished_at);
  });

  it('an agent releasing a claimed action unrun (fail with retry) puts it back in the queue', async () => {
    const restart = await ask({ host: 'gpu-r', action: 'START_SERVICE', params: { service: 'vllm' } });
    await poll(agentA, 'gpu-r');
    const released = await call('POST', `/api/v1/commands/${restart.command_id}/fail`, agentA, {
      error: 'agent stopping before running it',
      retry: true,
    });
    assert.equal(released.body.status, 'PENDING');
    assert.equal((await action(restart.id)).status, 'pending');
  });

  it('scopes: health.report cannot request or list actions; health.manage cannot claim', async () => {
    assert.equal(
      (await call('POST', '/api/v1/healing-actions', agentA, { host: 'gpu-a', action: 'VACUUM_ANALYZE' })).status,
      403,
    );
    assert.equal((await call('GET', '/api/v1/healing-actions', agentA)).status, 403);
    assert.equal((await call('GET', '/api/v1/health-events', agentA)).status, 403);
    assert.equal((await call('GET', '/api/v1/commands/HEALING?host=gpu-a', manager)).status, 403);
    assert.equal((await call('GET', '/api/v1/healing-actions', admin)).status, 200);
  });
});
