import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_KEY_SCOPES, scopeLabelKey, toApiKeyPayload, toInstant } from './api-key-payload.ts';

describe('toApiKeyPayload', () => {
  it('keeps the editable fields only and turns an empty description and expiry into null', () => {
    const payload = toApiKeyPayload({
      name: '  n8n ',
      description: '',
      scopes: ['events.read'],
      expires_at: '',
      level: 'high',
      ...({ status: 'active', prefix: 'chronos_x', use_count: 3 } as object),
    });
    assert.deepEqual(payload, { name: 'n8n', description: null, scopes: ['events.read'], expires_at: null });
  });

  it('sends the level only when creating', () => {
    assert.equal(toApiKeyPayload({ name: 'a', scopes: ['admin'], level: 'high' }, { withLevel: true }).level, 'high');
  });

  it('sends no scopes as an empty list, for the API to refuse under the field', () => {
    assert.deepEqual(toApiKeyPayload({ name: 'a' }).scopes, []);
  });
});

describe('toInstant', () => {
  it('turns local wall time into an ISO instant', () => {
    const iso = toInstant('2030-01-31T17:00');
    assert.equal(iso, new Date('2030-01-31T17:00').toISOString());
  });
  it('keeps instants and dates', () => {
    assert.equal(toInstant('2030-01-31T17:00:00.000Z'), '2030-01-31T17:00:00.000Z');
    assert.equal(toInstant(new Date('2030-01-31T17:00:00.000Z')), '2030-01-31T17:00:00.000Z');
  });
  it('passes unparsable text through and empties to null', () => {
    assert.equal(toInstant('tomorrow'), 'tomorrow');
    assert.equal(toInstant(null), null);
    assert.equal(toInstant(undefined), null);
  });
});

describe('scopes', () => {
  it('lists every scope of the API once and labels them without dots', () => {
    assert.equal(new Set(API_KEY_SCOPES).size, 13);
    assert.equal(scopeLabelKey('events.read'), 'resources.api-keys.scopes.events_read');
  });
});
