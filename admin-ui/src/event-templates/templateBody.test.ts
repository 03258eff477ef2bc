import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateBody } from './templateBody.ts';

describe('templateBody', () => {
  it('turns typed offsets into minutes', () => {
    assert.deepEqual(templateBody({ name: 'x', reminder_offsets: '10, 1440' }), {
      name: 'x',
      reminder_offsets: [10, 1440],
    });
  });

  it("sends null for no offsets (the calendar's default)", () => {
    assert.equal(templateBody({ reminder_offsets: ' ' }).reminder_offsets, null);
    assert.equal(templateBody({ reminder_offsets: null }).reminder_offsets, null);
    assert.deepEqual(templateBody({ reminder_offsets: [5] }).reminder_offsets, [5]);
  });
});
