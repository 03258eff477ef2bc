import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt } from './excerpt.ts';

describe('excerpt', () => {
  it('keeps a short single line', () => assert.equal(excerpt('Buy milk'), 'Buy milk'));
  it('marks further lines', () => assert.equal(excerpt('Agenda\n1. budget'), 'Agenda …'));
  it('cuts long lines', () => assert.equal(excerpt('abcdefghij', 5), 'abcd…'));
});
