import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeMessages, missingKeys } from './merge.ts';

describe('message trees', () => {
  it('merges nested trees, later values winning', () => {
    const merged = mergeMessages(
      { ra: { action: { save: 'Save', delete: 'Delete' } }, a: 'x' },
      { ra: { action: { save: 'Speichern' } }, resources: { users: { name: 'Benutzer' } } },
    );
    assert.deepEqual(merged, {
      ra: { action: { save: 'Speichern', delete: 'Delete' } },
      a: 'x',
      resources: { users: { name: 'Benutzer' } },
    });
  });

  it('names the keys one tree lacks', () => {
    assert.deepEqual(missingKeys({ a: { b: 'x', c: 'y' }, d: 'z', e: { f: 'g' } }, { a: { b: 'x' }, e: 'flat' }), [
      'a.c',
      'd',
      'e',
    ]);
  });
});
