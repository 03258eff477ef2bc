// The Chronos node's `whitelist` resource against a real admin-api: check answers
// { allowed, errors } for allowed, mistyped and unknown commands, without creating any.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: whitelist', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;

  before(async () => {
    chronos = await startChronos(['whitelists.manage']);
    await chronos.call('POST', '/api/v1/whitelists', {
      system: 'TELEGRAM',
      action: 'SEND',
      params: { chat_id: { type: 'int', required: true }, text: { type: 'string' } },
    });
  });
  after(() => chronos?.close());

  const check = (system: string, action: string, params: string) =>
    chronos.run({ resource: 'whitelist', operation: 'check', system, action, params });

  it('allows a whitelisted command with well-typed params (names are upper-cased)', async () => {
    const [answer] = jsonOf(await check('telegram', 'send', '{ "chat_id": 42, "text": "hi" }'));
    assert.equal(answer.allowed, true);
    assert.deepEqual(answer.errors, {});
  });

  it('refuses mistyped params and names them', async () => {
    const [answer] = jsonOf(await check('TELEGRAM', 'SEND', '{ "chat_id": "forty-two" }'));
    assert.equal(answer.allowed, false);
    assert.ok('chat_id' in (answer.errors as object) || 'params.chat_id' in (answer.errors as object));
  });

  it('refuses an action that is not whitelisted', async () => {
    const [answer] = jsonOf(await check('TELEGRAM', 'DELETE_ALL', '{}'));
    assert.equal(answer.allowed, false);
    assert.ok(answer.reason);
  });

  it('one item per input item, paired', async () => {
    const result = await chronos.run(
      { resource: 'whitelist', operation: 'check', system: 'TELEGRAM', action: 'SEND', params: '={{ $json.params }}' },
      [{ json: { params: { chat_id: 1 } } }, { json: { params: { chat_id: 'x' } } }],
    );
    assert.deepEqual(
      jsonOf(result).map((a) => a.allowed),
      [true, false],
    );
    assert.deepEqual(
      result.items.map((item) => item.pairedItem),
      [{ item: 0 }, { item: 1 }],
    );
    const commands = await chronos.call('GET', '/api/v1/commands');
    assert.equal(commands.length, 0, 'checking creates no command');
  });

  it('an invalid system name fails with the field named', async () => {
    const result = await check('not a system!', 'SEND', '{}');
    assert.equal(result.error?.httpCode, '400');
    assert.match(String(result.error?.description), /system: must be UPPER_SNAKE/);
  });
});
