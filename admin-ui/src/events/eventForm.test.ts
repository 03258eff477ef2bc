import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endAfterStart, localToIso, movedEventBody, shiftedEnd } from './eventForm.ts';

describe('event form helpers', () => {
  it('turns a local datetime into an instant with an offset', () => {
    const iso = localToIso('2026-03-29T09:30');
    assert.ok(iso);
    assert.match(iso, /Z$/);
    assert.equal(new Date(iso).getTime(), new Date('2026-03-29T09:30').getTime());
    assert.equal(localToIso(''), null);
    assert.equal(localToIso(null), null);
  });

  it('refuses an end that does not come after the start', () => {
    const start = '2026-03-29T10:00:00.000Z';
    assert.equal(endAfterStart('2026-03-29T11:00:00.000Z', { start_at: start }), undefined);
    assert.equal(endAfterStart(start, { start_at: start }), 'resources.events.validation.end_after_start');
    assert.equal(
      endAfterStart('2026-03-29T09:00:00.000Z', { start_at: start }),
      'resources.events.validation.end_after_start',
    );
    assert.equal(endAfterStart(null, { start_at: start }), undefined);
  });

  it('builds the whole writable record of a moved event', () => {
    const record = {
      id: 'x',
      title: 'Standup',
      start_at: 'a',
      end_at: 'b',
      progress: { done: 0, total: 0 },
      conflicts: [],
      tags: ['t'],
    };
    assert.deepEqual(movedEventBody(record, { start_at: 'c', end_at: 'd' }), {
      title: 'Standup',
      start_at: 'c',
      end_at: 'd',
      tags: ['t'],
    });
  });

  it('keeps the duration when shifting an event to a new start', () => {
    const event = { start_at: '2026-01-01T10:00:00.000Z', end_at: '2026-01-01T10:45:00.000Z' };
    assert.equal(shiftedEnd(event, '2026-01-02T08:00:00.000Z'), '2026-01-02T08:45:00.000Z');
  });
});
