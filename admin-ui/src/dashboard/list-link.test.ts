import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listLink } from './list-link.ts';

describe('list links', () => {
  it('plain without a filter', () => {
    assert.equal(listLink('templates'), '/templates');
  });
  it('carries the filter as URL-encoded JSON', () => {
    const link = listLink('outbox', { status: 'dead' });
    assert.equal(link, '/outbox?filter=%7B%22status%22%3A%22dead%22%7D');
    assert.deepEqual(JSON.parse(decodeURIComponent(link.split('filter=')[1]!)), { status: 'dead' });
  });
});
