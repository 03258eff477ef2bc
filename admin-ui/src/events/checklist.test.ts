import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { movedOrder, progressOf } from './checklist.ts';

describe('checklist helpers', () => {
  const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('moves an item up or down', () => {
    assert.deepEqual(movedOrder(items, 1, -1), ['b', 'a', 'c']);
    assert.deepEqual(movedOrder(items, 1, 1), ['a', 'c', 'b']);
  });

  it('refuses moves past either end', () => {
    assert.equal(movedOrder(items, 0, -1), null);
    assert.equal(movedOrder(items, 2, 1), null);
  });

  it('counts progress', () => {
    assert.deepEqual(progressOf([{ completed: true }, { completed: false }, { completed: true }]), {
      done: 2,
      total: 3,
      percent: 67,
    });
    assert.deepEqual(progressOf([]), { done: 0, total: 0, percent: 0 });
  });
});
