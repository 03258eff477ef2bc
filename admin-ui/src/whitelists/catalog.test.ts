import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog } from './catalog.ts';

describe('whitelist catalog', () => {
  const catalog = buildCatalog([
    { system: 'TELEGRAM', action: 'SEND', enabled: true, params: { chat_id: { type: 'int', required: true } } },
    { system: 'MAIL', action: 'SEND', enabled: true, params: {} },
    { system: 'TELEGRAM', action: 'BAN', enabled: true, params: {} },
    { system: 'OFF', action: 'X', enabled: false, params: {} },
  ]);

  it('lists enabled systems and their actions, sorted', () => {
    assert.deepEqual(
      catalog.systems.map((c) => c.id),
      ['MAIL', 'TELEGRAM'],
    );
    assert.deepEqual(
      catalog.actionsOf('TELEGRAM').map((c) => c.id),
      ['BAN', 'SEND'],
    );
    assert.deepEqual(catalog.actionsOf(undefined), []);
  });

  it("gives one action's param specs", () => {
    assert.deepEqual(catalog.paramsOf('TELEGRAM', 'SEND'), { chat_id: { type: 'int', required: true } });
    assert.equal(catalog.paramsOf('OFF', 'X'), undefined);
  });
});
