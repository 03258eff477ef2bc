import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { submissionErrors } from './submission-errors.ts';

describe('submission errors from problem+json', () => {
  it('takes the field-keyed errors of the body', () => {
    const error = Object.assign(new Error('Validation failed'), {
      body: { errors: { new_password: 'the password needs a digit', 'params.0.name': 'is required' } },
    });
    assert.deepEqual(submissionErrors(error), {
      new_password: 'the password needs a digit',
      'params.0.name': 'is required',
    });
  });

  it('gives nothing for errors without fields', () => {
    assert.equal(submissionErrors(new Error('network')), undefined);
    assert.equal(submissionErrors({ body: { errors: [] } }), undefined);
    assert.equal(submissionErrors({ body: { errors: { a: 1 } } }), undefined);
    assert.equal(submissionErrors(null), undefined);
  });
});
