import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPE_PATTERN, KNOWN_EVENT_TYPES, eventTypeChoices } from './event-types.ts';

describe('subscription event types', () => {
  it('offers only types the API accepts', () => {
    for (const type of KNOWN_EVENT_TYPES) assert.match(type, EVENT_TYPE_PATTERN);
  });

  it("adds the record's own types to the choices once", () => {
    const ids = eventTypeChoices(['custom.thing', 'event.created']).map((c) => c.id);
    assert.ok(ids.includes('custom.thing'));
    assert.equal(ids.filter((id) => id === 'event.created').length, 1);
  });
});
