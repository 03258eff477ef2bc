// /api/v1/commands over HTTP against real PostgreSQL: creation (whitelist 422s, validation
// 400s, idempotency sequential and concurrent), the list contract, polling with parallel
// pollers, timeout resets, complete/fail/retry with backoff, max retries, operators' manual
// actions with reasons in the audit log, 409 on invalid transitions, push delivery, one outbox
// row per status change, scopes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;
const PASSWORD = 'Commands-Pass-123!';

describe('commands', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agent: string;
  let agentId: string;
  let other: string;
  let adminKey: string;
  let reader: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    const created = await createApiKey(pool, { name: 'healing agent', scopes: ['commands.manage'] });
    agent = created.key;
    agentId = created.row.id;
    other = (await createApiKey(pool, { name: 'second agent', scopes: ['commands.manage'] })).key;
    adminKey = (await createApiKey(pool, { name: 'operator', scopes: ['admin'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/commands', ARRAY['command.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    await pool.query(
      `INSERT INTO whitelists (system, action, params) VALUES
        ('HEALING', 'RESTART', '{"service": {"type": "string", "required": true}, "force": {"type": "bool"}}'),
        ('SWARM', 'PING', '{"n": {"type": "int"}}'),
        ('RETRY', 'RUN', '{"n": {"type": "int"}}'),
        ('N8N', 'RUN', '{"workflow": {"type": "string"}}'),
        ('OPS', 'DO', '{"n": {"type": "int"}}')`,
    );
    for (const role of ['admin', 'viewer'] as const)
      await pool.query(`INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, $3)`, [
        `${role}@commands.test`,
        await bcrypt.hash(PASSWORD, 4),
        role,
      ]);
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, token = agent, headers?: Record<string, string>) =>
    request(api.url, method, path, { token, body, headers });
  const create = async (body: Json, token = agent) => {
    const r = await call('POST', '/api/v1/commands', body, token);
    assert.equal(r.status, 200, r.text);
    return r.body as Json & { id: string };
  };
  const poll = (system: string, limit?: number, token = agent) =>
    call('GET', `/api/v1/commands/${system}${limit ? `?limit=${limit}` : ''}`, undefined, token);
  const count = async (sql: string, values: unknown[] = []) => Number((await pool.query(sql, values)).rows[0].count);
  const outboxTypes = async (id: string) =>
    (
      await pool.query<{ event_type: string }>(
        'SELECT event_type FROM outbox WHERE entity_id = $1 ORDER BY created_at, id',
        [id],
      )
    ).rows.map((r) => r.event_type);
  const audits = async (id: string) =>
    (
      await pool.query(
        'SELECT action, actor_type, scope, details, success FROM audit_log WHERE entity_id = $1 ORDER BY seq',
        [id],
      )
    ).rows;
  const login = async (role: 'admin' | 'viewer') => {
    const r = await request(api.url, 'POST', '/api/auth/login', {
      body: { email: `${role}@commands.test`, password: PASSWORD },
    });
    assert.equal(r.status, 200, r.text);
    return r.body.token as string;
  };
  const makeDue = (id: string) =>
    pool.query(`UPDATE commands SET available_at = now() - interval '1 second' WHERE id = $1`, [id]);

  describe('creation', () => {
    it('creates a whitelisted command (upper-cased), announces it and audits it', async () => {
      const c = await create({ system: 'healing', action: 'restart', params: { service: 'nginx', force: true } });
      assert.equal(c.system, 'HEALING');
      assert.equal(c.action, 'RESTART');
      assert.deepEqual(c.params, { service: 'nginx', force: true });
      assert.equal(c.status, 'PENDING');
      assert.equal(c.attempts, 0);
      assert.equal(c.max_retries, 3);
      assert.equal(c.timeout_seconds, 300);
      assert.equal(c.delivery_mode, 'poll');
      assert.equal(c.source, 'api');
      assert.equal(c.created_by, 'healing agent');
      assert.equal(c.chain_depth, 0);
      const read = await call('GET', `/api/v1/commands/${c.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, { ...c, rule_refusals: [] });
      assert.deepEqual(await outboxTypes(c.id), ['command.created']);
      const [audit] = await audits(c.id);
      assert.equal(audit.action, 'create');
      assert.equal(audit.scope, 'commands.manage');
    });

    it('refuses malformed bodies with 400 field errors and unlisted or ill-typed commands with 422, writing nothing', async () => {
      const before = await count('SELECT count(*) FROM commands');
      const bad = await call('POST', '/api/v1/commands', {
        system: '9lives',
        action: '',
        params: [1],
        max_retries: 101,
        timeout_seconds: 0,
        delivery_mode: 'carrier-pigeon',
        source_event_id: 'nope',
      });
      assert.equal(bad.status, 400, bad.text);
      for (const field of [
        'system',
        'action',
        'params',
        'max_retries',
        'timeout_seconds',
        'delivery_mode',
        'source_event_id',
      ])
        assert.ok(field in bad.body.errors, `${field}: ${bad.text}`);

      const unlisted = await call('POST', '/api/v1/commands', {
        system: 'SHELL',
        action: 'EXEC',
        params: { cmd: 'rm' },
      });
      assert.equal(unlisted.status, 422, unlisted.text);
      assert.match(unlisted.body.detail, /SHELL\/EXEC is not whitelisted/);

      const typed = await call('POST', '/api/v1/commands', {
        system: 'HEALING',
        action: 'RESTART',
        params: { force: 'yes', extra: 1 },
      });
      assert.equal(typed.status, 422, typed.text);
      assert.deepEqual(typed.body.errors, {
        'params.force': 'must be true or false',
        'params.extra': 'is not an allowed parameter',
        'params.service': 'is required',
      });

      const noEvent = await call('POST', '/api/v1/commands', {
        system: 'HEALING',
        action: 'RESTART',
        params: { service: 'x' },
        source_event_id: randomUUID(),
      });
      assert.equal(noEvent.status, 422, noEvent.text);
      assert.equal(noEvent.body.errors.source_event_id, 'no event with this id');
      assert.equal(await count('SELECT count(*) FROM commands'), before);
    });

    it('replays an idempotency key with the same command and refuses it for a different one', async () => {
      const body = {
        system: 'HEALING',
        action: 'RESTART',
        params: { service: 'db', force: false },
        idempotency_key: 'k-1',
      };
      const first = await call('POST', '/api/v1/commands', body);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      // Same command, keys in another order and the names in lower case.
      const again = await call('POST', '/api/v1/commands', {
        ...body,
        system: 'healing',
        params: { force: false, service: 'db' },
      });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, first.body);
      const different = await call('POST', '/api/v1/commands', { ...body, params: { service: 'cache' } });
      assert.equal(different.status, 409, different.text);
      assert.match(different.body.errors.idempotency_key, /already used/);
      assert.equal(different.body.command_id, first.body.id);
      assert.equal(await count(`SELECT count(*) FROM commands WHERE idempotency_key = 'k-1'`), 1);
      assert.deepEqual(await outboxTypes(first.body.id), ['command.created']);
    });

    it('creates exactly one command for ten concurrent creates with one key', async () => {
      const body = {
        system: 'HEALING',
        action: 'RESTART',
        params: { service: 'queue' },
        idempotency_key: 'k-parallel',
      };
      const replies = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/api/v1/commands', body)));
      for (const r of replies) assert.equal(r.status, 200, r.text);
      const ids = new Set(replies.map((r) => r.body.id));
      assert.equal(ids.size, 1);
      assert.equal(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 9);
      assert.equal(await count(`SELECT count(*) FROM commands WHERE idempotency_key = 'k-parallel'`), 1);
      const [id] = [...ids];
      assert.deepEqual(await outboxTypes(id), ['command.created']);
      assert.equal(await count(`SELECT count(*) FROM audit_log WHERE entity_id = $1`, [id]), 1);
    });

    it('records where the command came from and accepts a real source event', async () => {
      const event = await pool.query<{ id: string }>(
        `INSERT INTO events (calendar_id, title, start_at, end_at) VALUES ('default', 'Maintenance', now(), now() + interval '1 hour') RETURNING id`,
      );
      const c = await create({
        system: 'HEALING',
        action: 'RESTART',
        params: { service: 'web' },
        source_event_id: event.rows[0]!.id,
      });
      assert.equal(c.source_event_id, event.rows[0]!.id);
      const console = await create(
        { system: 'HEALING', action: 'RESTART', params: { service: 'console' } },
        await login('admin'),
      );
      assert.equal(console.source, 'console');
      assert.equal(console.created_by, 'admin@commands.test');
    });
  });

  describe('list', () => {
    it('filters, searches and sorts with the list contract', async () => {
      const qs = (filter: Json, sort?: [string, string]) =>
        `/api/v1/commands?filter=${encodeURIComponent(JSON.stringify(filter))}${sort ? `&sort=${encodeURIComponent(JSON.stringify(sort))}` : ''}`;
      const healing = await call('GET', qs({ system: 'healing', status: ['PENDING'] }, ['created_at', 'ASC']));
      assert.equal(healing.status, 200, healing.text);
      assert.ok(healing.body.length >= 4);
      assert.ok(healing.body.every((c: Json) => c.system === 'HEALING' && c.status === 'PENDING'));
      const times = healing.body.map((c: Json) => c.created_at as string);
      assert.deepEqual(times, [...times].sort());
      assert.match(healing.headers.get('content-range') ?? '', /^commands 0-\d+\/\d+$/);
      const q = await call('GET', qs({ q: 'queue' }));
      assert.deepEqual(
        q.body.map((c: Json) => c.params),
        [{ service: 'queue' }],
      );
      const none = await call('GET', qs({ created_to: '2000-01-01T00:00:00Z' }));
      assert.deepEqual(none.body, []);
      const fromConsole = await call('GET', qs({ source: 'console' }));
      assert.equal(fromConsole.body.length, 1);
      const badFilter = await call('GET', qs({ status: 'DONE', colour: 'red' }));
      assert.equal(badFilter.status, 400);
      assert.ok('filter.colour' in badFilter.body.errors);
      assert.ok(Object.keys(badFilter.body.errors).some((k) => k.startsWith('filter.status')));
      const badSort = await call('GET', `/api/v1/commands?sort=${encodeURIComponent('["params","ASC"]')}`);
      assert.equal(badSort.status, 400);
    });

    it('tells ids from system names on GET /commands/{id}', async () => {
      assert.equal((await call('GET', `/api/v1/commands/${randomUUID()}`)).status, 404);
      const bad = await call('GET', `/api/v1/commands/${encodeURIComponent('not a system!')}`);
      assert.equal(bad.status, 400);
      assert.ok('params.id' in bad.body.errors, bad.text);
      assert.equal((await call('GET', '/api/v1/commands/NOTHING_HERE?limit=101')).status, 400);
      const empty = await poll('NOTHING_HERE');
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, []);
    });
  });

  describe('polling', () => {
    it('gives every command to exactly one of many parallel pollers, oldest first, push commands never', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await create({ system: 'SWARM', action: 'PING', params: { n: i } })).id);
      const pushed = await create({ system: 'SWARM', action: 'PING', params: { n: 99 }, delivery_mode: 'push' });
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => poll('swarm', 5, i % 2 === 0 ? agent : other)),
      );
      const claimed = replies.flatMap((r) => {
        assert.equal(r.status, 200, r.text);
        const createdAts = r.body.map((c: Json) => c.created_at as string);
        assert.deepEqual(createdAts, [...createdAts].sort(), 'each batch oldest first');
        return r.body as Array<Json & { id: string }>;
      });
      assert.equal(claimed.length, 30);
      assert.equal(new Set(claimed.map((c) => c.id)).size, 30, 'no command handed out twice');
      assert.deepEqual(new Set(claimed.map((c) => c.id)), new Set(ids));
      assert.ok(!claimed.some((c) => c.id === pushed.id));
      for (const c of claimed) {
        assert.equal(c.status, 'PROCESSING');
        assert.equal(c.attempts, 1);
        assert.match(c.claimed_by as string, /^api_key:/);
        assert.ok(c.claimed_at);
      }
      assert.ok(claimed.some((c) => c.claimed_by === `api_key:${agentId}`));
      assert.equal((await poll('SWARM')).body.length, 0);
      assert.deepEqual(await outboxTypes(ids[0]!), ['command.created', 'command.processing']);
      assert.equal((await audits(ids[0]!)).at(-1).action, 'claim');
      assert.equal((await call('GET', `/api/v1/commands/${pushed.id}`)).body.status, 'PENDING');
    });

    it('resets a command past its timeout before the next claim, and fails it once out of retries', async () => {
      const retried = await create({ system: 'OPS', action: 'DO', params: { n: 1 }, timeout_seconds: 30 });
      const exhausted = await create({
        system: 'OPS',
        action: 'DO',
        params: { n: 2 },
        timeout_seconds: 30,
        max_retries: 0,
      });
      assert.equal((await poll('OPS')).body.length, 2);
      // Still within the timeout: nothing to hand out.
      assert.equal((await poll('OPS')).body.length, 0);
      await pool.query(`UPDATE commands SET claimed_at = now() - interval '31 seconds' WHERE system = 'OPS'`);
      const again = await poll('OPS', undefined, other);
      assert.deepEqual(
        again.body.map((c: Json) => [c.id, c.attempts, c.last_error]),
        [[retried.id, 2, 'timed out']],
      );
      const failed = (await call('GET', `/api/v1/commands/${exhausted.id}`)).body;
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.last_error, 'timed out');
      assert.ok(failed.failed_at);
      assert.deepEqual(await outboxTypes(retried.id), [
        'command.created',
        'command.processing',
        'command.pending',
        'command.processing',
      ]);
      assert.deepEqual(await outboxTypes(exhausted.id), ['command.created', 'command.processing', 'command.failed']);
      const timeoutAudit = (await audits(exhausted.id)).find((a) => a.action === 'timeout');
      assert.equal(timeoutAudit.actor_type, 'system');
    });
  });

  describe('callbacks', () => {
    it('completes a claimed command with its result, once, and only from its claimer', async () => {
      const c = await create({ system: 'HEALING', action: 'RESTART', params: { service: 'complete-me' } });
      const early = await call('POST', `/api/v1/commands/${c.id}/complete`, {});
      assert.equal(early.status, 409);
      assert.match(early.body.detail, /is PENDING/);
      await pool.query(
        `UPDATE commands SET available_at = now() + interval '1 hour' WHERE system = 'HEALING' AND id <> $1`,
        [c.id],
      );
      const claimed = await poll('HEALING');
      assert.deepEqual(
        claimed.body.map((x: Json) => x.id),
        [c.id],
      );
      const stranger = await call('POST', `/api/v1/commands/${c.id}/complete`, {}, other);
      assert.equal(stranger.status, 409);
      assert.match(stranger.body.detail, /another claimer/);
      const done = await call('POST', `/api/v1/commands/${c.id}/complete`, { result: { pid: 4242, ok: true } });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.status, 'COMPLETED');
      assert.deepEqual(done.body.result, { pid: 4242, ok: true });
      assert.ok(done.body.completed_at);
      assert.deepEqual(done.body.rule_refusals, []);
      const twice = await call('POST', `/api/v1/commands/${c.id}/complete`, {});
      assert.equal(twice.status, 409);
      assert.match(twice.body.detail, /is COMPLETED/);
      assert.equal(twice.body.status, 'COMPLETED');
      const failLate = await call('POST', `/api/v1/commands/${c.id}/fail`, { error: 'late' });
      assert.equal(failLate.status, 409);
      assert.deepEqual(await outboxTypes(c.id), ['command.created', 'command.processing', 'command.completed']);
      assert.deepEqual(
        (await audits(c.id)).map((a) => a.action),
        ['create', 'claim', 'complete'],
      );
      assert.equal((await call('POST', `/api/v1/commands/${randomUUID()}/complete`, {})).status, 404);
      const noError = await call('POST', `/api/v1/commands/${c.id}/fail`, { retry: 'yes' });
      assert.equal(noError.status, 400);
      assert.deepEqual(Object.keys(noError.body.errors).sort(), ['error', 'retry']);
    });

    it('retries a failure after a backoff (not claimable before), then fails for good after max_retries', async () => {
      const c = await create({ system: 'RETRY', action: 'RUN', params: { n: 1 }, max_retries: 1 });
      assert.equal((await poll('RETRY')).body.length, 1);
      const before = Date.now();
      const retry = await call('POST', `/api/v1/commands/${c.id}/fail`, { error: 'disk busy', retry: true });
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.body.status, 'PENDING');
      assert.equal(retry.body.last_error, 'disk busy');
      assert.equal(retry.body.claimed_by, null);
      assert.equal(retry.body.attempts, 1);
      const due = Date.parse(retry.body.available_at);
      assert.ok(due >= before + 900, `available_at ${retry.body.available_at} should be ≥ 1 s ahead`);
      assert.ok(due <= Date.now() + 10_000, 'first backoff within the base delay');
      assert.deepEqual((await poll('RETRY')).body, [], 'not claimable during the backoff');
      await makeDue(c.id);
      const second = await poll('RETRY');
      assert.deepEqual(
        second.body.map((x: Json) => [x.id, x.attempts, x.last_error]),
        [[c.id, 2, 'disk busy']],
      );
      const final = await call('POST', `/api/v1/commands/${c.id}/fail`, { error: 'disk gone', retry: true });
      assert.equal(final.body.status, 'FAILED');
      assert.equal(final.body.last_error, 'disk gone');
      assert.ok(final.body.failed_at);
      assert.deepEqual(await outboxTypes(c.id), [
        'command.created',
        'command.processing',
        'command.pending',
        'command.processing',
        'command.failed',
      ]);

      const noRetry = await create({ system: 'RETRY', action: 'RUN', params: { n: 2 } });
      await poll('RETRY');
      const failed = await call('POST', `/api/v1/commands/${noRetry.id}/fail`, { error: 'no such file' });
      assert.equal(failed.body.status, 'FAILED');
      assert.equal(failed.body.attempts, 1);
    });

    it('delivers push commands by message only and takes their callbacks while PENDING', async () => {
      const c = await create({
        system: 'N8N',
        action: 'RUN',
        params: { workflow: 'w1' },
        delivery_mode: 'push',
        max_retries: 1,
      });
      assert.deepEqual((await poll('N8N')).body, []);
      const payload = (
        await pool.query(`SELECT payload FROM outbox WHERE entity_id = $1 AND event_type = 'command.created'`, [c.id])
      ).rows[0].payload;
      assert.equal(payload.data.delivery_mode, 'push');
      assert.deepEqual(payload.data.params, { workflow: 'w1' });
      const retry = await call('POST', `/api/v1/commands/${c.id}/fail`, { error: 'n8n busy', retry: true }, other);
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.body.status, 'PENDING');
      assert.equal(retry.body.attempts, 1);
      const done = await call('POST', `/api/v1/commands/${c.id}/complete`, { result: 'ok' });
      assert.equal(done.body.status, 'COMPLETED');
      assert.equal(done.body.result, 'ok');
      assert.deepEqual(await outboxTypes(c.id), ['command.created', 'command.pending', 'command.completed']);
    });
  });

  describe('operators', () => {
    it('needs the admin scope and a reason; manual changes and resends are audited with it', async () => {
      const c = await create({ system: 'HEALING', action: 'RESTART', params: { service: 'manual' } });
      const denied = await call('POST', `/api/v1/commands/${c.id}/manual-fail`, { reason: 'x', error: 'y' });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.missingScope, 'admin');
      const noReason = await call('POST', `/api/v1/commands/${c.id}/manual-fail`, { error: 'y' }, adminKey);
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.errors.reason, 'is required');

      const failed = await call(
        'POST',
        `/api/v1/commands/${c.id}/manual-fail`,
        { reason: 'host decommissioned', error: 'cancelled by operator' },
        adminKey,
      );
      assert.equal(failed.status, 200, failed.text);
      assert.equal(failed.body.status, 'FAILED');
      assert.equal(failed.body.last_error, 'cancelled by operator');
      assert.equal(
        (await call('POST', `/api/v1/commands/${c.id}/manual-fail`, { reason: 'r', error: 'e' }, adminKey)).status,
        409,
      );
      const pendingResend = await create({ system: 'HEALING', action: 'RESTART', params: { service: 'busy' } });
      const early = await call('POST', `/api/v1/commands/${pendingResend.id}/resend`, { reason: 'r' }, adminKey);
      assert.equal(early.status, 409);
      assert.match(early.body.detail, /is PENDING; resend needs COMPLETED or FAILED/);

      const completed = await call(
        'POST',
        `/api/v1/commands/${c.id}/manual-complete`,
        { reason: 'done by hand on the host', result: { by: 'hand' } },
        adminKey,
      );
      assert.equal(completed.body.status, 'COMPLETED');
      assert.deepEqual(completed.body.result, { by: 'hand' });
      assert.equal(
        (await call('POST', `/api/v1/commands/${c.id}/manual-complete`, { reason: 'again' }, adminKey)).status,
        409,
      );

      const resent = await call('POST', `/api/v1/commands/${c.id}/resend`, { reason: 'host is back' }, adminKey);
      assert.equal(resent.status, 200, resent.text);
      assert.equal(resent.body.id, c.id);
      assert.equal(resent.body.status, 'PENDING');
      assert.equal(resent.body.attempts, 0);
      assert.equal(resent.body.result, null);
      assert.equal(resent.body.last_error, null);
      assert.equal(resent.body.completed_at, null);

      const trail = (await audits(c.id)).filter((a) => a.action !== 'create');
      assert.deepEqual(
        trail.map((a) => [a.action, a.scope, a.details?.reason]),
        [
          ['manual_fail', 'admin', 'host decommissioned'],
          ['manual_complete', 'admin', 'done by hand on the host'],
          ['resend', 'admin', 'host is back'],
        ],
      );
      const resendRow = (
        await pool.query(`SELECT old_value FROM audit_log WHERE entity_id = $1 AND action = 'resend'`, [c.id])
      ).rows[0];
      assert.deepEqual(resendRow.old_value.result, { by: 'hand' }, 'the previous outcome stays in the audit log');
      assert.deepEqual(await outboxTypes(c.id), [
        'command.created',
        'command.failed',
        'command.completed',
        'command.pending',
      ]);

      // A resend is checked against the whitelist as it is now.
      await call('POST', `/api/v1/commands/${c.id}/manual-complete`, { reason: 'again' }, adminKey);
      await pool.query(`UPDATE whitelists SET enabled = false WHERE system = 'HEALING'`);
      try {
        const refused = await call('POST', `/api/v1/commands/${c.id}/resend`, { reason: 'once more' }, adminKey);
        assert.equal(refused.status, 422, refused.text);
        assert.match(refused.body.detail, /disabled/);
        assert.equal((await call('GET', `/api/v1/commands/${c.id}`)).body.status, 'COMPLETED');
      } finally {
        await pool.query(`UPDATE whitelists SET enabled = true WHERE system = 'HEALING'`);
      }
    });
  });

  describe('access', () => {
    it('names the missing scope, lets viewers read but not claim, and lets console admins poll', async () => {
      const list = await call('GET', '/api/v1/commands', undefined, reader);
      assert.equal(list.status, 403);
      assert.equal(list.body.missingScope, 'commands.manage');
      assert.match(list.body.detail, /commands\.manage/);
      const created = await call('POST', '/api/v1/commands', { system: 'OPS', action: 'DO', params: {} }, reader);
      assert.equal(created.status, 403);

      const viewer = await login('viewer');
      assert.equal((await call('GET', '/api/v1/commands', undefined, viewer)).status, 200);
      const c = await create({ system: 'OPS', action: 'DO', params: { n: 3 } });
      assert.equal((await call('GET', `/api/v1/commands/${c.id}`, undefined, viewer)).status, 200);
      const viewerPoll = await poll('OPS', undefined, viewer);
      assert.equal(viewerPoll.status, 403);
      assert.match(viewerPoll.body.detail, /viewer/);
      assert.equal((await call('GET', `/api/v1/commands/${c.id}`)).body.status, 'PENDING');
      assert.equal(
        await count(
          `SELECT count(*) FROM audit_log WHERE action = 'access_denied' AND details->>'reason' = 'viewer claim'`,
        ),
        1,
      );

      const admin = await login('admin');
      const adminPoll = await poll('OPS', undefined, admin);
      assert.equal(adminPoll.status, 200);
      assert.deepEqual(
        adminPoll.body.map((x: Json) => x.id),
        [c.id],
      );
      assert.match(adminPoll.body[0].claimed_by, /^user:/);
      const done = await call('POST', `/api/v1/commands/${c.id}/complete`, {}, admin);
      assert.equal(done.status, 200, done.text);
    });
  });
});
