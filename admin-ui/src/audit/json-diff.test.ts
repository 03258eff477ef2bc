import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffJson, formatJsonValue, jsonEqual } from './json-diff.ts';

describe('diffJson', () => {
  it('reports a changed field with its old and new value', () => {
    assert.deepEqual(diffJson({ name: 'a', level: 'standard' }, { name: 'b', level: 'standard' }), [
      { path: 'name', kind: 'changed', oldValue: 'a', newValue: 'b' },
    ]);
  });

  it('reports added and removed keys, sorted by path', () => {
    assert.deepEqual(diffJson({ b: 1, gone: true }, { b: 1, a: 'new' }), [
      { path: 'a', kind: 'added', newValue: 'new' },
      { path: 'gone', kind: 'removed', oldValue: true },
    ]);
  });

  it('walks nested objects and names the deep path', () => {
    assert.deepEqual(
      diffJson({ value: { smtp: { port: 25, host: 'x' } } }, { value: { smtp: { port: 587, host: 'x' } } }),
      [{ path: 'value.smtp.port', kind: 'changed', oldValue: 25, newValue: 587 }],
    );
  });

  it('compares arrays as whole values', () => {
    assert.deepEqual(diffJson({ scopes: ['events.read'] }, { scopes: ['events.read', 'events.write'] }), [
      { path: 'scopes', kind: 'changed', oldValue: ['events.read'], newValue: ['events.read', 'events.write'] },
    ]);
    assert.deepEqual(diffJson({ scopes: ['a', 'b'] }, { scopes: ['a', 'b'] }), []);
  });

  it('treats a type change (object to string, null to value) as a change of that field', () => {
    assert.deepEqual(diffJson({ a: { x: 1 } }, { a: 'flat' }), [
      { path: 'a', kind: 'changed', oldValue: { x: 1 }, newValue: 'flat' },
    ]);
    assert.deepEqual(diffJson({ expires_at: null }, { expires_at: '2030-01-01T00:00:00.000Z' }), [
      { path: 'expires_at', kind: 'changed', oldValue: null, newValue: '2030-01-01T00:00:00.000Z' },
    ]);
  });

  it('lists every field as added for a creation and as removed for a deletion', () => {
    assert.deepEqual(diffJson(null, { name: 'k', opts: { a: 1 } }), [
      { path: 'name', kind: 'added', newValue: 'k' },
      { path: 'opts', kind: 'added', newValue: { a: 1 } },
    ]);
    assert.deepEqual(diffJson({ name: 'k' }, undefined), [{ path: 'name', kind: 'removed', oldValue: 'k' }]);
  });

  it('handles values that are not objects at the root', () => {
    assert.deepEqual(diffJson(1, 2), [{ path: '', kind: 'changed', oldValue: 1, newValue: 2 }]);
    assert.deepEqual(diffJson(null, 'x'), [{ path: '', kind: 'added', newValue: 'x' }]);
    assert.deepEqual(diffJson(null, null), []);
  });

  it('finds no difference in equal values regardless of key order', () => {
    assert.deepEqual(diffJson({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 }), []);
  });
});

describe('jsonEqual and formatJsonValue', () => {
  it('compares deeply', () => {
    assert.equal(jsonEqual({ a: [1, 2] }, { a: [1, 2] }), true);
    assert.equal(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(jsonEqual(null, {}), false);
  });

  it('shows strings bare and other values as JSON', () => {
    assert.equal(formatJsonValue('text'), 'text');
    assert.equal(formatJsonValue(['a', 'b']), '["a","b"]');
    assert.equal(formatJsonValue(null), 'null');
    assert.equal(formatJsonValue(undefined), '');
  });
});
