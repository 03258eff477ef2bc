import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healingRequestBody, paramInputs } from './healing-request.ts';

const cleanDisk = {
  host: { type: 'string', required: true },
  path: { type: 'string', required: true, description: 'a configured cleanup path' },
  older_than_days: { type: 'int' },
  dry_run: { type: 'bool' },
};

describe('healing request', () => {
  it('asks for the action params, required first, without host and dry_run', () => {
    assert.deepEqual(paramInputs(cleanDisk), [
      { name: 'path', type: 'string', required: true, description: 'a configured cleanup path' },
      { name: 'older_than_days', type: 'int', required: false, description: null },
    ]);
    assert.deepEqual(paramInputs(undefined), []);
  });

  it("sends only the chosen action's params, blanks left out", () => {
    const body = healingRequestBody(
      {
        host: ' gpu-a ',
        action: 'CLEAN_DISK',
        params: { path: '/var/log', older_than_days: '', service: 'left over from another action' },
        reason: '  ',
      },
      paramInputs(cleanDisk),
    );
    assert.deepEqual(body, { host: 'gpu-a', action: 'CLEAN_DISK', params: { path: '/var/log' }, dry_run: false });
  });

  it('keeps numbers, dry run and the reason', () => {
    const body = healingRequestBody(
      {
        host: 'gpu-a',
        action: 'CLEAN_DISK',
        params: { path: '/tmp', older_than_days: 0 },
        dry_run: true,
        reason: 'full',
      },
      paramInputs(cleanDisk),
    );
    assert.deepEqual(body.params, { path: '/tmp', older_than_days: 0 });
    assert.equal(body.dry_run, true);
    assert.equal(body.reason, 'full');
  });
});
