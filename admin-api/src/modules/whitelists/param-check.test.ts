import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkParams, hasType, PARAM_TYPES, type ParamType } from './param-check.ts';

/** Generators of valid values per type. */
const valid: Record<ParamType, fc.Arbitrary<unknown>> = {
  string: fc.string(),
  int: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  bool: fc.boolean(),
  email: fc.emailAddress().filter((e) => /\.[^.]+$/.test(e.split('@')[1] ?? '')),
  url: fc.webUrl(),
  list: fc.array(fc.anything()),
  object: fc.dictionary(fc.string(), fc.anything()),
};

/** Values that are never of `type`: every generator whose values cannot satisfy it. */
const wrongFor: Record<ParamType, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.object()),
  int: fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.double().filter((d) => !Number.isSafeInteger(d)),
    fc.array(fc.integer()),
    fc.constant({}),
  ),
  number: fc.oneof(fc.string(), fc.boolean(), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.array(fc.double())),
  bool: fc.oneof(fc.string(), fc.integer(), fc.constantFrom('true', 'false', 0, 1), fc.object()),
  email: fc.oneof(
    fc.integer(),
    fc.string().filter((s) => !s.includes('@')),
    fc.constantFrom('a@b', '@x.com', 'a b@c.de', 'a@b@c.de'),
  ),
  url: fc.oneof(
    fc.integer(),
    fc.string().filter((s) => !s.includes(':')),
    fc.constantFrom('ftp://x.org/', 'javascript:alert(1)'),
  ),
  list: fc.oneof(fc.string(), fc.integer(), fc.object(), fc.boolean()),
  object: fc.oneof(fc.string(), fc.integer(), fc.array(fc.anything()), fc.boolean()),
};

describe('whitelist param type-checker', () => {
  for (const type of PARAM_TYPES) {
    it(`accepts every generated valid ${type}`, () => {
      fc.assert(
        fc.property(valid[type], (value) => {
          assert.ok(hasType(type, value), JSON.stringify(value));
          assert.deepEqual(
            checkParams({ p: { type, required: true } }, { p: value }),
            value === null ? { p: 'is required' } : {},
          );
        }),
      );
    });
    it(`refuses every generated value that is not a ${type}`, () => {
      fc.assert(
        fc.property(wrongFor[type], (value) => {
          assert.ok(!hasType(type, value), JSON.stringify(value));
          assert.match(checkParams({ p: { type } }, { p: value }).p ?? '', /^must be /);
        }),
      );
    });
  }

  it('reports missing required params, unknown params and a non-object', () => {
    const specs = { chat_id: { type: 'int', required: true }, text: { type: 'string' } } as const;
    assert.deepEqual(checkParams(specs, { text: 'hi' }), { chat_id: 'is required' });
    assert.deepEqual(checkParams(specs, { chat_id: null }), { chat_id: 'is required' });
    assert.deepEqual(checkParams(specs, { chat_id: 1, extra: 2 }), { extra: 'is not an allowed parameter' });
    assert.deepEqual(checkParams(specs, { chat_id: 1, text: null }), {});
    assert.deepEqual(checkParams(specs, [1]), { params: 'must be an object' });
    assert.deepEqual(checkParams({}, { constructor: 1 }), { constructor: 'is not an allowed parameter' });
  });

  it('any params object either passes or names each offending param', () => {
    const specs = { a: { type: 'int', required: true }, b: { type: 'email' } } as const;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.anything()), (params) => {
        const errors = checkParams(specs, params);
        for (const key of Object.keys(errors)) assert.ok(['a', 'b', 'c'].includes(key));
        if ('c' in params) assert.ok(errors.c);
      }),
    );
  });
});
