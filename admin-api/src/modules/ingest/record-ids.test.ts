import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordIds } from './record-ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ingest record ids', () => {
  it('are UUIDv7 with the time first and sort in body order', () => {
    const ids = recordIds(1000, Date.UTC(2025, 0, 2, 3, 4, 5, 678));
    assert.equal(new Set(ids).size, 1000);
    for (const id of ids) assert.match(id, UUID_V7);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16), Date.UTC(2025, 0, 2, 3, 4, 5, 678));
  });

  it('sort by time across requests', () => {
    const earlier = recordIds(3, 1_700_000_000_000);
    const later = recordIds(1, 1_700_000_000_001);
    assert.ok(earlier.every((id) => id < later[0]!));
  });

  it('refuses more ids than the sequence bits hold', () => {
    assert.throws(() => recordIds(4097), RangeError);
  });
});
