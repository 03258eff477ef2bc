import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { fieldErrorsFromZod, validationProblem } from './problem.ts';

describe('problem+json field errors', () => {
  const schema = z.object({
    title: z.string().min(1),
    attendees: z.array(z.email()),
    window: z.object({ from: z.iso.datetime() }),
  });

  it('keys zod issues by form path', () => {
    const result = schema.safeParse({ title: '', attendees: ['ok@example.com', 'nope'], window: { from: 'tomorrow' } });
    assert.ok(!result.success);
    const errors = fieldErrorsFromZod(result.error);
    assert.deepEqual(Object.keys(errors).sort(), ['attendees.1', 'title', 'window.from']);
  });

  it('prefixes query and header problems so they cannot be confused with body fields', () => {
    const result = z.object({ range: z.string() }).safeParse({});
    assert.ok(!result.success);
    const problem = validationProblem(result.error, 'query');
    assert.equal(problem.status, 400);
    assert.deepEqual(Object.keys(problem.errors ?? {}), ['query.range']);
    assert.match(problem.detail ?? '', /^query\.range: /);
  });

  it('puts whole-value problems under root', () => {
    const result = z.object({}).strict().safeParse({ extra: 1 });
    assert.ok(!result.success);
    assert.deepEqual(Object.keys(fieldErrorsFromZod(result.error)), ['root']);
  });
});
