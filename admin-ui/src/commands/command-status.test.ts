import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operatorActions, operatorPath } from './command-status.ts';

describe('command operator actions', () => {
  it('offers only what the API accepts in each status', () => {
    assert.deepEqual(operatorActions('PENDING'), ['complete', 'fail']);
    assert.deepEqual(operatorActions('PROCESSING'), ['complete', 'fail']);
    assert.deepEqual(operatorActions('FAILED'), ['resend', 'complete']);
    assert.deepEqual(operatorActions('COMPLETED'), ['resend']);
    assert.deepEqual(operatorActions(undefined), []);
  });

  it('maps actions to their routes', () => {
    assert.equal(operatorPath('c1', 'resend'), 'commands/c1/resend');
    assert.equal(operatorPath('c1', 'complete'), 'commands/c1/manual-complete');
    assert.equal(operatorPath('c1', 'fail'), 'commands/c1/manual-fail');
  });
});
