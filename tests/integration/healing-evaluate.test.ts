// Health evaluation against real PostgreSQL, driven by synthetic sample times and an injected
// clock (the service function's `now`; the HTTP route passes the real time): the issue's
// scenarios — normal, overheating ramp, memory pressure, hang, XID, no GPU, nvidia-smi
// failing, disk, a service down for hours — detections stored once while they persist,
// actions queued once per cooldown, the global rate limit, dry runs, idempotent re-evaluation
// and concurrent evaluations that never double-queue. Samples go in over HTTP with the
// agent's key, as the agent sends them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { AuditActor } from '../../admin-api/src/http/principal.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { evaluate } from '../../admin-api/src/modules/healing/evaluate.ts';
import type { Evaluation } from '../../admin-api/src/modules/healing/schemas.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { disk, gpu, sample, type MetricsOverride } from '../helpers/health-samples.ts';
import { request } from '../helpers/http.ts';

const SYSTEM: AuditActor = { actorType: 'system', actorId: null, actorLabel: 'healing test' };
const S = 1000;
/** Each scenario lives on its own synthetic day, so the global rate limit sees only its actions. */
const dayStart = (n: number) => Math.floor(Date.now() / 3_600_000) * 3_600_000 - (n + 1) * 86_400_000;

describe('health evaluation', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agent: string;
  let manager: string;
  let admin: string;

  const POLICY = {
    host_defaults: { gpu_service: 'ollama', cleanup_paths: ['/var/log/chronos', '/var/tmp/chronos'] },
  };

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    agent = (await createApiKey(pool, { name: 'agent', scopes: ['health.report', 'commands.manage'] })).key;
    manager = (await createApiKey(pool, { name: 'n8n healing', scopes: ['health.manage'] })).key;
    admin = (await createApiKey(pool, { name: 'operator', scopes: ['admin'] })).key;
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/health', ARRAY['health.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    await setPolicy(POLICY);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  /** The healing setting through the settings API, as an operator changes it. */
  async function setPolicy(value: Record<string, unknown>) {
    const r = await request(api.url, 'PUT', '/api/v1/settings/healing', { token: admin, body: { value } });
    assert.equal(r.status, 200, r.text);
  }
  async function push(host: string, at: number, over: MetricsOverride = {}) {
    const r = await request(api.url, 'POST', '/api/v1/health/samples', { token: agent, body: sample(host, at, over) });
    assert.equal(r.status, 202, r.text);
  }
  const evaluateAt = (host: string | undefined, at: number, options: { dryRun?: boolean; apply?: boolean } = {}) =>
    evaluate(pool, {
      ...(host ? { host } : {}),
      apply: options.apply ?? true,
      dryRun: options.dryRun ?? false,
      now: new Date(at),
      actor: SYSTEM,
    });
  /** Pushes a sample and evaluates right after it, as the agent and the n8n workflow would. */
  async function step(host: string, at: number, over: MetricsOverride = {}): Promise<Evaluation> {
    await push(host, at, over);
    return evaluateAt(host, at);
  }
  const queued = async (host: string) =>
    (
      await pool.query<{ action: string; target: string | null; params: Record<string, unknown>; requested_at: Date }>(
        `SELECT action, target, params, requested_at FROM healing_actions
          WHERE host = $1 AND status <> 'skipped' ORDER BY requested_at, created_at`,
        [host],
      )
    ).rows;
  const events = async (host: string) =>
    (
      await pool.query(
        `SELECT id, kind, metric, severity, resolved_at FROM health_events WHERE host = $1 ORDER BY occurred_at, kind`,
        [host],
      )
    ).rows;
  const count = async (sql: string, values: unknown[] = []) => Number((await pool.query(sql, values)).rows[0].count);
  /** The host's agent: claims its HEALING commands and reports them done (the service stays down regardless). */
  async function agentRuns(host: string): Promise<number> {
    const claimed = await request(api.url, 'GET', `/api/v1/commands/HEALING?host=${host}&limit=10`, { token: agent });
    assert.equal(claimed.status, 200, claimed.text);
    for (const command of claimed.body as Array<{ id: string; action: string }>) {
      const done = await request(api.url, 'POST', `/api/v1/commands/${command.id}/complete`, {
        token: agent,
        body: { result: { output: `${command.action}: ok`, dry_run: false, duration_ms: 40 } },
      });
      assert.equal(done.status, 200, done.text);
    }
    return claimed.body.length;
  }

  it('the healing setting: the SPEC numbers by default, field errors for contradictions', async () => {
    const current = await request(api.url, 'GET', '/api/v1/settings/healing', { token: admin });
    assert.equal(current.status, 200, current.text);
    assert.equal(current.body.category, 'health');
    const v = current.body.value;
    assert.deepEqual(
      [v.cpu_percent, v.memory_percent, v.gpu_utilization_percent, v.gpu_memory_warning_percent],
      [90, 90, 95, 90],
    );
    assert.deepEqual(
      [v.gpu_temperature_throttle_c, v.gpu_temperature_restart_c, v.gpu_temperature_stop_c],
      [83, 85, 90],
    );
    assert.deepEqual([v.disk_warning_free_percent, v.disk_critical_free_percent], [20, 5]);
    assert.deepEqual([v.service_failures, v.service_failure_window_s, v.gpu_hang_seconds], [3, 600, 30]);
    assert.equal(v.host_defaults.gpu_service, 'ollama');
    assert.equal(v.host_defaults.reboot_enabled, false);
    const put = (value: Record<string, unknown>) =>
      request(api.url, 'PUT', '/api/v1/settings/healing', { token: admin, body: { value } });
    const bad = await put({ cooldown_s: -1, hosts: { 'bad host': {} } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), ['value.cooldown_s', 'value.hosts.bad host']);
    const contradiction = await put({ disk_warning_free_percent: 4 });
    assert.equal(contradiction.status, 400, contradiction.text);
    assert.equal(
      contradiction.body.errors['value.disk_critical_free_percent'],
      'must not be above disk_warning_free_percent',
    );
    // Nothing was changed by the refused writes.
    const after = await request(api.url, 'GET', '/api/v1/settings/healing', { token: admin });
    assert.deepEqual(after.body.value, v);
  });

  it('normal: a healthy host yields no detection and no action', async () => {
    const t0 = dayStart(0);
    for (let i = 0; i < 10; i++) {
      const result = await step('ok-01', t0 + i * 10 * S, { gpus: [gpu()] });
      assert.deepEqual(result.hosts[0]!.detections, []);
      assert.deepEqual(result.hosts[0]!.actions, []);
    }
    assert.deepEqual(await events('ok-01'), []);
    assert.deepEqual(await queued('ok-01'), []);
  });

  it('overheating ramp: throttle above 83 °C, restart the GPU service above 85, stop it above 90 — each once', async () => {
    const t0 = dayStart(1);
    const ramp = [70, 70, 70, ...Array(6).fill(84), ...Array(6).fill(86), ...Array(6).fill(91), ...Array(6).fill(60)];
    for (const [i, temperature] of ramp.entries())
      await step('gpu-heat', t0 + i * 10 * S, { gpus: [gpu({ temperature_c: temperature })] });
    const actions = await queued('gpu-heat');
    assert.deepEqual(
      actions.map((a) => [a.action, a.params]),
      [
        ['THROTTLE_GPU', { host: 'gpu-heat', gpu: 0, power_limit_w: 240 }],
        ['RESTART_SERVICE', { host: 'gpu-heat', service: 'ollama' }],
        ['STOP_SERVICE', { host: 'gpu-heat', service: 'ollama' }],
      ],
    );
    const commands = (
      await pool.query(
        `SELECT action, source, max_retries, status FROM commands WHERE params ->> 'host' = 'gpu-heat' ORDER BY created_at`,
      )
    ).rows;
    assert.deepEqual(
      commands.map((c) => [c.action, c.source, c.max_retries, c.status]),
      [
        ['THROTTLE_GPU', 'healing', 1, 'PENDING'],
        ['RESTART_SERVICE', 'healing', 1, 'PENDING'],
        ['STOP_SERVICE', 'healing', 1, 'PENDING'],
      ],
    );
    // One detection, escalated from warning to critical, resolved once the GPU cooled down.
    const detections = await events('gpu-heat');
    assert.equal(detections.length, 1);
    assert.equal(detections[0].kind, 'gpu_temperature');
    assert.equal(detections[0].severity, 'critical');
    assert.ok(detections[0].resolved_at);
    const messages = (
      await pool.query(`SELECT event_type, payload FROM outbox WHERE entity_id = $1 ORDER BY created_at`, [
        detections[0].id,
      ])
    ).rows;
    assert.deepEqual(
      messages.map((m) => [m.event_type, m.payload.data.severity, m.payload.data.escalated]),
      [
        ['health.alert', 'warning', false],
        ['health.alert', 'critical', true],
        ['health.resolved', 'critical', undefined],
      ],
    );
    // Cooldowns were what held the repeats back, each recorded once.
    const skips = (
      await pool.query(
        `SELECT action, outcome FROM healing_actions WHERE host = 'gpu-heat' AND status = 'skipped' ORDER BY requested_at`,
      )
    ).rows;
    assert.ok(skips.length > 0 && skips.length <= 4, JSON.stringify(skips));
    assert.ok(skips.every((s) => s.outcome.startsWith('cooldown: ')));
  });

  it('memory pressure: GPU memory ≥ 95 % is critical, host RAM > 90 % a warning; alerts, no actions', async () => {
    const t0 = dayStart(2);
    let result: Evaluation | undefined;
    for (let i = 0; i < 4; i++)
      result = await step('gpu-mem', t0 + i * 10 * S, {
        gpus: [gpu({ memory_used_mib: 38_500, memory_used_percent: 96.3 })],
        memory: { used_percent: 95.1 },
      });
    const found = result!.hosts[0]!.detections.map((d) => `${d.kind}:${d.severity}:${d.state}`).sort();
    assert.deepEqual(found, ['gpu_memory_pressure:critical:ongoing', 'memory_overload:warning:ongoing']);
    assert.deepEqual(await queued('gpu-mem'), []);
    assert.equal(
      await count(
        `SELECT count(*) FROM outbox o JOIN health_events e ON e.id::text = o.entity_id
          WHERE e.host = 'gpu-mem' AND o.event_type = 'health.alert'`,
      ),
      2,
    );
  });

  it('hang: 99 % for 30 s with flat power restarts the GPU service; 99 % with moving power and no XID is no hang', async () => {
    const t0 = dayStart(3);
    for (let i = 0; i < 5; i++) {
      await step('gpu-hang', t0 + i * 10 * S, { gpus: [gpu({ utilization_percent: 100, power_draw_w: 251.2 })] });
      await step('gpu-busy', t0 + i * 10 * S, {
        gpus: [gpu({ utilization_percent: 100, power_draw_w: 180 + (i % 2) * 60 })],
      });
    }
    assert.deepEqual(
      (await events('gpu-hang')).map((e) => e.kind),
      ['gpu_hang'],
    );
    assert.deepEqual(
      (await queued('gpu-hang')).map((a) => [a.action, a.target]),
      [['RESTART_SERVICE', 'ollama']],
    );
    assert.deepEqual(await events('gpu-busy'), []);
    assert.deepEqual(await queued('gpu-busy'), []);
  });

  it('XID error, no GPU, nvidia-smi failing: detections (or none) and never a crash', async () => {
    const t0 = dayStart(4);
    const xid = await step('gpu-xid', t0, {
      gpus: [gpu()],
      xid_errors: [
        {
          at: new Date(t0 - 3 * S).toISOString(),
          pci_bus_id: '00000000:01:00.0',
          code: 79,
          message: 'fell off the bus',
        },
      ],
    });
    assert.deepEqual(
      xid.hosts[0]!.detections.map((d) => [d.kind, d.severity]),
      [['gpu_xid', 'critical']],
    );

    for (let i = 0; i < 5; i++) await step('cpu-only', t0 + i * 10 * S, { cpu: { percent: 30 } });
    assert.deepEqual(await events('cpu-only'), []);

    for (let i = 0; i < 3; i++)
      await step('gpu-smi', t0 + i * 10 * S, { gpu_error: 'nvidia-smi exited 9: driver not loaded' });
    assert.deepEqual(
      (await events('gpu-smi')).map((e) => [e.kind, e.resolved_at]),
      [['gpu_error', null]],
    );
    const back = await step('gpu-smi', t0 + 30 * S, { gpus: [gpu()] });
    assert.equal(back.hosts[0]!.resolved.length, 1);
    assert.ok((await events('gpu-smi'))[0].resolved_at);
    assert.deepEqual(await queued('gpu-smi'), []);
  });

  it('disk under 5 % free: cleans each cleanup path and VACUUM ANALYZE once; the repeat is a single recorded cooldown', async () => {
    const t0 = dayStart(5);
    await step('disk-01', t0, { disks: [disk('/', 3)] });
    assert.deepEqual(
      (await queued('disk-01')).map((a) => [a.action, a.params]),
      [
        ['CLEAN_DISK', { host: 'disk-01', path: '/var/log/chronos', older_than_days: 7 }],
        ['CLEAN_DISK', { host: 'disk-01', path: '/var/tmp/chronos', older_than_days: 7 }],
        ['VACUUM_ANALYZE', { host: 'disk-01' }],
      ],
    );
    const second = await step('disk-01', t0 + 60 * S, { disks: [disk('/', 3)] });
    assert.deepEqual(
      second.hosts[0]!.actions.map((a) => [a.decision, a.recorded]),
      [
        ['skipped', true],
        ['skipped', true],
        ['skipped', true],
      ],
    );
    const third = await step('disk-01', t0 + 120 * S, { disks: [disk('/', 3)] });
    assert.deepEqual(
      third.hosts[0]!.actions.map((a) => [a.decision, a.recorded]),
      [
        ['skipped', false],
        ['skipped', false],
        ['skipped', false],
      ],
    );
    assert.equal(await count(`SELECT count(*) FROM healing_actions WHERE host = 'disk-01' AND status = 'skipped'`), 3);
    assert.equal((await queued('disk-01')).length, 3);
    const detection = (await events('disk-01'))[0];
    assert.equal(await count('SELECT count(*) FROM healing_actions WHERE health_event_id = $1', [detection.id]), 6);
  });

  it('a service down for 3 hours: restart after 3 failures, then stop + start, at most 2 attempts an hour', async () => {
    const t0 = dayStart(6);
    let ran = 0;
    for (let i = 0; i < 180; i++) {
      await step('svc-storm', t0 + i * 60 * S, {
        services: [{ name: 'n8n', kind: 'systemd', status: 'down', detail: 'inactive (dead)' }],
      });
      ran += await agentRuns('svc-storm');
    }
    assert.equal(ran, 11);
    const actions = await queued('svc-storm');
    assert.deepEqual(
      actions.map((a) => `${(a.requested_at.getTime() - t0) / S}s ${a.action} ${a.target}`),
      [
        '120s RESTART_SERVICE n8n',
        '720s STOP_SERVICE n8n',
        '720s START_SERVICE n8n',
        '3720s STOP_SERVICE n8n',
        '3720s START_SERVICE n8n',
        '4320s STOP_SERVICE n8n',
        '4320s START_SERVICE n8n',
        '7320s STOP_SERVICE n8n',
        '7320s START_SERVICE n8n',
        '7920s STOP_SERVICE n8n',
        '7920s START_SERVICE n8n',
      ],
    );
    // The agent got each stop before its start (same transaction, creation order), and every
    // action ended succeeded with the agent's output.
    const done = (
      await pool.query(
        `SELECT a.action, a.status, a.output FROM healing_actions a JOIN commands c ON c.id = a.command_id
          WHERE a.host = 'svc-storm' ORDER BY c.claimed_at, c.created_at`,
      )
    ).rows;
    assert.deepEqual(
      done.slice(1, 3).map((r) => r.action),
      ['STOP_SERVICE', 'START_SERVICE'],
    );
    assert.ok(done.every((r) => r.status === 'succeeded' && r.output === `${r.action}: ok`));
    // One open detection the whole time; skips recorded once per change of reason, not per evaluation.
    assert.equal((await events('svc-storm')).length, 1);
    const skipped = await count(`SELECT count(*) FROM healing_actions WHERE host = 'svc-storm' AND status = 'skipped'`);
    assert.ok(skipped <= 30, `${skipped} skipped rows`);
  });

  it('never double-queues: a concurrent evaluation replays the same commands, a later one waits for them to finish', async () => {
    await setPolicy({ ...POLICY, cooldown_s: 0, action_cooldowns_s: { CLEAN_DISK: 0, VACUUM_ANALYZE: 0 } });
    try {
      const t0 = dayStart(7);
      await push('disk-idem', t0, { disks: [disk('/', 2)] });
      const [a, b] = await Promise.all([evaluateAt('disk-idem', t0), evaluateAt('disk-idem', t0)]);
      const decisions = [...a.hosts[0]!.actions, ...b.hosts[0]!.actions].map((x) => x.decision).sort();
      assert.deepEqual(decisions, ['queued', 'queued', 'queued', 'replayed', 'replayed', 'replayed']);
      // Later, before the agent reported: nothing piles up behind the unfinished actions.
      const again = await evaluateAt('disk-idem', t0 + 5 * S);
      assert.deepEqual(
        again.hosts[0]!.actions.map((x) => x.outcome?.split(':')[0]),
        ['in_progress', 'in_progress', 'in_progress'],
      );
      assert.equal(await count(`SELECT count(*) FROM commands WHERE params ->> 'host' = 'disk-idem'`), 3);
      assert.equal((await queued('disk-idem')).length, 3);
      // Done, and new evidence: a new situation, acted on again (no cooldown configured).
      assert.equal(await agentRuns('disk-idem'), 3);
      await push('disk-idem', t0 + 60 * S, { disks: [disk('/', 2)] });
      await evaluateAt('disk-idem', t0 + 60 * S);
      assert.equal(await count(`SELECT count(*) FROM commands WHERE params ->> 'host' = 'disk-idem'`), 6);

      // A service: two evaluations at once after the third failure restart it once.
      for (let i = 0; i < 3; i++)
        await push('svc-race', t0 + i * 60 * S, { services: [{ name: 'n8n', kind: 'http', status: 'down' }] });
      await Promise.all([evaluateAt('svc-race', t0 + 120 * S), evaluateAt('svc-race', t0 + 120 * S)]);
      assert.deepEqual(
        (await queued('svc-race')).map((x) => x.action),
        ['RESTART_SERVICE'],
      );
    } finally {
      await setPolicy(POLICY);
    }
  });

  it('the global rate limit caps actions over all hosts; the rest are skipped with the reason', async () => {
    await setPolicy({ ...POLICY, max_actions_per_hour: 3 });
    try {
      const t0 = dayStart(8);
      const hosts = ['rl-1', 'rl-2', 'rl-3', 'rl-4', 'rl-5'];
      for (const host of hosts)
        for (let i = 0; i < 3; i++)
          await push(host, t0 + i * 60 * S, { services: [{ name: 'n8n', kind: 'http', status: 'down' }] });
      const result = await evaluateAt(undefined, t0 + 120 * S);
      assert.deepEqual(
        result.hosts.map((h) => h.host),
        hosts,
      );
      const decisions = result.hosts.flatMap((h) => h.actions.map((a) => a.outcome?.split(':')[0] ?? a.decision));
      assert.deepEqual(decisions, ['queued', 'queued', 'queued', 'global_rate_limit', 'global_rate_limit']);
      assert.equal(
        await count(`SELECT count(*) FROM healing_actions WHERE host LIKE 'rl-%' AND status = 'pending'`),
        3,
      );
    } finally {
      await setPolicy(POLICY);
    }
  });

  it('dry run stores detections and records the decision, queues nothing; apply=false writes nothing at all', async () => {
    const t0 = dayStart(9);
    for (let i = 0; i < 3; i++)
      await push('svc-dry', t0 + i * 60 * S, { services: [{ name: 'n8n', kind: 'http', status: 'down' }] });
    const preview = await evaluateAt('svc-dry', t0 + 120 * S, { apply: false });
    assert.deepEqual(
      preview.hosts[0]!.actions.map((a) => [a.action, a.decision]),
      [['RESTART_SERVICE', 'would_queue']],
    );
    assert.deepEqual(await events('svc-dry'), []);
    assert.equal(await count(`SELECT count(*) FROM healing_actions WHERE host = 'svc-dry'`), 0);

    const dry = await evaluateAt('svc-dry', t0 + 120 * S, { dryRun: true });
    assert.equal(dry.dry_run, true);
    assert.deepEqual(
      dry.hosts[0]!.actions.map((a) => [a.action, a.decision, a.outcome]),
      [['RESTART_SERVICE', 'skipped', 'dry_run: dry run: would be queued']],
    );
    assert.equal((await events('svc-dry')).length, 1);
    const rows = (await pool.query(`SELECT status, dry_run, command_id FROM healing_actions WHERE host = 'svc-dry'`))
      .rows;
    assert.deepEqual(rows, [{ status: 'skipped', dry_run: true, command_id: null }]);
    assert.equal(await count(`SELECT count(*) FROM commands WHERE params ->> 'host' = 'svc-dry'`), 0);
  });

  it('POST /api/v1/health/evaluate runs on the real clock; needs health.manage', async () => {
    const now = Date.now();
    for (let i = 3; i >= 1; i--)
      await push('live-01', now - i * 30 * S, {
        services: [{ name: 'n8n', kind: 'http', status: 'down', detail: 'HTTP 502' }],
      });
    const denied = await request(api.url, 'POST', '/api/v1/health/evaluate', {
      token: agent,
      body: { host: 'live-01' },
    });
    assert.equal(denied.status, 403);
    const bad = await request(api.url, 'POST', '/api/v1/health/evaluate', {
      token: manager,
      body: { host: 'no spaces', apply: 'yes' },
    });
    assert.equal(bad.status, 400);
    assert.ok('host' in bad.body.errors && 'apply' in bad.body.errors, bad.text);
    const r = await request(api.url, 'POST', '/api/v1/health/evaluate', { token: manager, body: { host: 'live-01' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.applied, true);
    const host = r.body.hosts[0];
    assert.deepEqual(
      host.detections.map((d: { kind: string; state: string }) => [d.kind, d.state]),
      [['service_down', 'new']],
    );
    assert.deepEqual(
      host.actions.map((a: { action: string; decision: string }) => [a.action, a.decision]),
      [['RESTART_SERVICE', 'queued']],
    );
    const listed = await request(
      api.url,
      'GET',
      `/api/v1/healing-actions?filter=${encodeURIComponent('{"host":"live-01","status":"pending"}')}`,
      { token: manager },
    );
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.length, 1);
    assert.equal(listed.body[0].command_id, host.actions[0].command_id);
    const open = await request(
      api.url,
      'GET',
      `/api/v1/health-events?filter=${encodeURIComponent('{"host":"live-01","open":true,"severity":"critical"}')}`,
      { token: manager },
    );
    assert.equal(open.body.length, 1);
    const one = await request(api.url, 'GET', `/api/v1/health-events/${open.body[0].id}`, { token: manager });
    assert.equal(one.body.kind, 'service_down');
    const none = await request(api.url, 'POST', '/api/v1/health/evaluate', {
      token: manager,
      body: { host: 'never-seen' },
    });
    assert.match(none.body.hosts[0].skipped, /no samples/);
    // The evaluation that changed something is audited.
    assert.equal(
      await count(`SELECT count(*) FROM audit_log WHERE entity = 'health_host' AND entity_id = 'live-01'`),
      1,
    );
  });
});
