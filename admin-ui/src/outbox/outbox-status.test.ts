import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadIds, isRetryable } from './outbox-status.ts';

describe('outbox statuses', () => {
  it('retries dead and cancelled rows only', () => {
    assert.equal(isRetryable('dead'), true);
    assert.equal(isRetryable('cancelled'), true);
    assert.equal(isRetryable('pending'), false);
    assert.equal(isRetryable(undefined), false);
  });

  it('picks the dead rows of a selection for the bulk retry', () => {
    assert.deepEqual(
      deadIds([
        { id: 'a', status: 'dead' },
        { id: 'b', status: 'delivered' },
        { id: 'c', status: 'dead' },
      ]),
      { ids: ['a', 'c'], skipped: 1 },
    );
  });
});
