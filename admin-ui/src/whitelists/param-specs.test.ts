import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paramRowErrors, toParamRecord, toParamRows } from './param-specs.ts';

describe('whitelist param rows', () => {
  it('round-trips a record through rows', () => {
    const params = {
      chat_id: { type: 'int' as const, required: true },
      message: { type: 'string' as const, description: 'Text' },
    };
    const rows = toParamRows(params);
    assert.deepEqual(rows, [
      { name: 'chat_id', type: 'int', required: true, description: '' },
      { name: 'message', type: 'string', required: false, description: 'Text' },
    ]);
    assert.deepEqual(toParamRecord(rows), params);
  });

  it('skips rows without a name and defaults the type', () => {
    assert.deepEqual(toParamRecord([{ name: ' ' }, { name: 'x' }]), { x: { type: 'string' } });
    assert.deepEqual(toParamRecord(undefined), {});
  });

  it('names bad and duplicate param names by row', () => {
    assert.deepEqual(paramRowErrors([{ name: 'ok' }, { name: '1bad' }, { name: 'ok' }]), {
      'param_rows.1.name': 'resources.whitelists.validation.param_name',
      'param_rows.2.name': 'resources.whitelists.validation.param_duplicate',
    });
  });
});
