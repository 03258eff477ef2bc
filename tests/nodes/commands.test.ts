// The Chronos node's `command` resource against a real admin-api: create (whitelist-checked,
// idempotency key), get, getAll (filters, limit, paging), claim (one output item per claimed
// command, none for an empty queue), complete and fail (with retry) — read back from the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: command', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;

  before(async () => {
    chronos = await startChronos(['commands.manage']);
    await chronos.call('POST', '/api/v1/whitelists', {
      system: 'DEPLOY',
      action: 'RESTART',
      params: { service: { type: 'string', required: true }, delay: { type: 'int' } },
    });
    await chronos.call('POST', '/api/v1/whitelists', { system: 'DEPLOY', action: 'PING' });
  });
  after(() => chronos?.close());

  const create = (params: string, additionalFields: Record<string, unknown> = {}, action = 'RESTART') =>
    chronos.run({ resource: 'command', operation: 'create', system: 'DEPLOY', action, params, additionalFields });

  it('creates a whitelisted command with its options', async () => {
    const [created] = jsonOf(
      await create('{ "service": "web", "delay": 5 }', { maxRetries: 1, timeoutSeconds: 60, idempotencyKey: 'once' }),
    );
    const stored = await chronos.call('GET', `/api/v1/commands/${created.id}`);
    assert.equal(stored.system, 'DEPLOY');
    assert.equal(stored.action, 'RESTART');
    assert.deepEqual(stored.params, { service: 'web', delay: 5 });
    assert.equal(stored.max_retries, 1);
    assert.equal(stored.timeout_seconds, 60);
    assert.equal(stored.status, 'PENDING');
    const [replayed] = jsonOf(await create('{ "service": "web", "delay": 5 }', { idempotencyKey: 'once' }));
    assert.equal(replayed.id, created.id, 'the idempotency key replays the first command');
  });

  it('params that do not type-check fail with the param named', async () => {
    const result = await create('{ "delay": "soon" }');
    assert.equal(result.error?.httpCode, '422');
    assert.match(String(result.error?.description), /params\.delay/);
    assert.match(String(result.error?.description), /params\.service/);
  });

  it('params that are not a JSON object name the parameter', async () => {
    const result = await create('[1, 2]');
    assert.match(result.error?.message ?? '', /"params" must be a JSON object/);
  });

  it('gets a command, and refuses a non-UUID id instead of claiming', async () => {
    const [created] = jsonOf(await create('{}', {}, 'PING'));
    const [got] = jsonOf(await chronos.run({ resource: 'command', operation: 'get', id: created.id }));
    assert.equal(got.id, created.id);
    assert.ok(Array.isArray(got.rule_refusals));
    const refused = await chronos.run({ resource: 'command', operation: 'get', id: 'DEPLOY' });
    assert.match(refused.error?.message ?? '', /must be a command UUID/);
    assert.equal((await chronos.call('GET', `/api/v1/commands/${created.id}`)).status, 'PENDING');
  });

  it('claims the due commands of a system: one item each, then none', async () => {
    const pending = (await chronos.call(
      'GET',
      `/api/v1/commands?filter=${encodeURIComponent(JSON.stringify({ status: 'PENDING', system: 'DEPLOY' }))}`,
    )) as Array<{ id: string }>;
    assert.equal(pending.length, 2);
    const result = await chronos.run({ resource: 'command', operation: 'claim', system: 'deploy' }, [
      { json: {} },
      { json: {} },
    ]);
    const claimed = jsonOf(result);
    assert.deepEqual(claimed.map((c) => c.id).sort(), pending.map((c) => c.id).sort());
    assert.ok(claimed.every((c) => c.status === 'PROCESSING'));
    assert.ok(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}'));
    for (const c of pending) assert.equal((await chronos.call('GET', `/api/v1/commands/${c.id}`)).status, 'PROCESSING');
  });

  it('claims in batches of the given size', async () => {
    for (let i = 0; i < 3; i++) jsonOf(await create('{}', {}, 'PING'));
    const first = jsonOf(
      await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY', claimOptions: { batchSize: 2 } }),
    );
    assert.equal(first.length, 2);
    const rest = jsonOf(await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY' }));
    assert.equal(rest.length, 1);
    const none = await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY' });
    assert.equal(none.error, undefined);
    assert.equal(none.items.length, 0);
  });

  it('completes a claimed command with its result', async () => {
    const [created] = jsonOf(await create('{}', {}, 'PING'));
    jsonOf(await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY' }));
    const [done] = jsonOf(
      await chronos.run({
        resource: 'command',
        operation: 'complete',
        id: created.id,
        result: '{ "pong": true, "ms": 3 }',
      }),
    );
    assert.equal(done.status, 'COMPLETED');
    const stored = await chronos.call('GET', `/api/v1/commands/${created.id}`);
    assert.equal(stored.status, 'COMPLETED');
    assert.deepEqual(stored.result, { pong: true, ms: 3 });
  });

  it('fails a command, for a retry or for good', async () => {
    const [retried] = jsonOf(await create('{ "service": "api" }', { maxRetries: 2 }));
    jsonOf(await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY' }));
    jsonOf(await chronos.run({ resource: 'command', operation: 'fail', id: retried.id, error: 'busy', retry: true }));
    const back = await chronos.call('GET', `/api/v1/commands/${retried.id}`);
    assert.equal(back.status, 'PENDING');
    assert.equal(back.last_error, 'busy');

    const [final] = jsonOf(await create('{ "service": "db" }', { maxRetries: 0 }));
    const claimed = jsonOf(await chronos.run({ resource: 'command', operation: 'claim', system: 'DEPLOY' }));
    assert.ok(claimed.some((c) => c.id === final.id));
    jsonOf(await chronos.run({ resource: 'command', operation: 'fail', id: final.id, error: 'disk full' }));
    assert.equal((await chronos.call('GET', `/api/v1/commands/${final.id}`)).status, 'FAILED');
  });

  it('completing a command that is not processing fails with the API message (409)', async () => {
    const [created] = jsonOf(await create('{}', {}, 'PING'));
    const result = await chronos.run({ resource: 'command', operation: 'complete', id: created.id, result: '{}' });
    assert.equal(result.error?.httpCode, '409');
    assert.match(result.error?.message ?? '', /PENDING/);
  });

  it('gets many commands with filters, a limit, or all of them across pages', async () => {
    await chronos.pool.query(
      `INSERT INTO commands (system, action, params, status, source)
       SELECT 'BULK', 'NOOP', jsonb_build_object('n', n), 'COMPLETED', 'api' FROM generate_series(1, 1010) AS n`,
    );
    const all = jsonOf(
      await chronos.run({
        resource: 'command',
        operation: 'getAll',
        returnAll: true,
        filters: { system: 'bulk', status: ['COMPLETED'] },
      }),
    );
    assert.equal(all.length, 1010);
    assert.equal(new Set(all.map((c) => c.id)).size, 1010);
    const limited = jsonOf(
      await chronos.run({ resource: 'command', operation: 'getAll', returnAll: false, limit: 3, filters: {} }),
    );
    assert.equal(limited.length, 3);
    const deploy = jsonOf(
      await chronos.run({
        resource: 'command',
        operation: 'getAll',
        returnAll: true,
        filters: { system: 'DEPLOY', action: 'RESTART' },
      }),
    );
    assert.ok(deploy.length >= 3);
    assert.ok(deploy.every((c) => c.system === 'DEPLOY' && c.action === 'RESTART'));
  });
});
