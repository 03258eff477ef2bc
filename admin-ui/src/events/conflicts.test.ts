import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placementRefusal, writeConflicts } from './conflicts.ts';

describe('event conflicts', () => {
  it('reads an auto_plan refusal from a 409 HttpError', () => {
    const slot = { start_at: '2026-01-01T10:00:00.000Z', end_at: '2026-01-01T11:00:00.000Z' };
    const refusal = placementRefusal({
      status: 409,
      message: 'fallback',
      body: { message: 'the event collides', conflicts: [{ id: '1' }], suggestions: [slot] },
    });
    assert.deepEqual(refusal, { message: 'the event collides', conflicts: [{ id: '1' }], suggestions: [slot] });
  });

  it('ignores other errors', () => {
    assert.equal(placementRefusal({ status: 400, body: { suggestions: [] } }), null);
    assert.equal(placementRefusal({ status: 409, body: { message: 'duplicate link' } }), null);
    assert.equal(placementRefusal(new Error('x')), null);
    assert.equal(placementRefusal(undefined), null);
  });

  it('lists the free-mode conflicts of a write answer', () => {
    assert.deepEqual(writeConflicts({ id: 'e', conflicts: [{ id: 'c' }] }), [{ id: 'c' }]);
    assert.deepEqual(writeConflicts({ id: 'e' }), []);
  });
});
