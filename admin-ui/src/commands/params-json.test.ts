import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJsonText, paramsForCommand, parseJsonText, prettyJson } from './params-json.ts';

describe('command params', () => {
  it('parses JSON text and keeps what does not parse', () => {
    assert.deepEqual(parseJsonText('[1, 2]'), [1, 2]);
    assert.equal(parseJsonText('nope'), 'nope');
    assert.equal(parseJsonText('  '), undefined);
    assert.equal(formatJsonText({ a: 1 }), '{"a":1}');
    assert.equal(formatJsonText('raw'), 'raw');
    assert.equal(prettyJson(null), '—');
  });

  it("sends only the chosen command's params, without blanks", () => {
    const specs = { to: { type: 'email' as const }, count: { type: 'int' as const }, flag: { type: 'bool' as const } };
    assert.deepEqual(paramsForCommand(specs, { to: 'a@b.c', count: '', flag: false, stale: 1 }), {
      to: 'a@b.c',
      flag: false,
    });
    assert.deepEqual(paramsForCommand(undefined, { a: 1 }), {});
  });
});
