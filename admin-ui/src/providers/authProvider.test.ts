import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roleMayDo } from './authProvider.ts';

describe('console permissions by role', () => {
  it('lets admins do everything', () => {
    for (const action of ['list', 'show', 'create', 'edit', 'delete', 'export', 'retry'])
      assert.equal(roleMayDo('admin', action), true, action);
  });

  it('lets viewers only read', () => {
    for (const action of ['list', 'show', 'export']) assert.equal(roleMayDo('viewer', action), true, action);
    for (const action of ['create', 'edit', 'delete', 'retry', 'clone'])
      assert.equal(roleMayDo('viewer', action), false, action);
  });

  it('lets nobody in without a role', () => {
    assert.equal(roleMayDo(undefined, 'list'), false);
  });
});
