import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { droppedPlacement, toCalendarEvent, type EventRecord } from './calendarEvents.ts';

const record: EventRecord = {
  id: 'e1',
  title: 'Review',
  start_at: '2026-03-02T10:00:00.000Z',
  end_at: '2026-03-02T11:30:00.000Z',
  all_day: false,
  status: 'scheduled',
  calendar_id: 'work',
};

describe('calendar events', () => {
  it('maps a record with its calendar colour', () => {
    const event = toCalendarEvent(record, new Map([['work', '#3366ff']]));
    assert.equal(event.start, record.start_at);
    assert.equal(event.backgroundColor, '#3366ff');
    assert.equal(event.editable, true);
    assert.equal(event.extendedProps.record, record);
  });

  it('does not let cancelled events be dragged', () => {
    assert.equal(toCalendarEvent({ ...record, status: 'cancelled' }, new Map()).editable, false);
  });

  it('keeps the duration when the drop has no end', () => {
    assert.deepEqual(droppedPlacement(record, new Date('2026-03-03T08:00:00.000Z'), null), {
      start_at: '2026-03-03T08:00:00.000Z',
      end_at: '2026-03-03T09:30:00.000Z',
    });
    assert.deepEqual(
      droppedPlacement(record, new Date('2026-03-03T08:00:00.000Z'), new Date('2026-03-03T08:15:00.000Z')),
      { start_at: '2026-03-03T08:00:00.000Z', end_at: '2026-03-03T08:15:00.000Z' },
    );
  });
});
