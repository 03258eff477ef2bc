import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarBody, formatList, offsetsError, parseOffsets, parseSpans, spansError } from './workingHours.ts';

describe('calendar working hours', () => {
  it('parses and formats a day', () => {
    assert.deepEqual(parseSpans('09:00-12:00, 13:00-17:00'), ['09:00-12:00', '13:00-17:00']);
    assert.deepEqual(parseSpans(''), []);
    assert.equal(formatList(['09:00-12:00', '13:00-17:00']), '09:00-12:00, 13:00-17:00');
  });

  it('validates spans like the API', () => {
    assert.equal(spansError(['09:00-12:00', '13:00-24:00']), undefined);
    assert.equal(spansError(['9-12']), 'resources.calendars.validation.span_format');
    assert.equal(spansError(['12:00-09:00']), 'resources.calendars.validation.span_order');
    assert.equal(spansError(['09:00-12:00', '11:00-13:00']), 'resources.calendars.validation.span_overlap');
  });

  it('parses and validates reminder offsets', () => {
    assert.deepEqual(parseOffsets('15, 60'), [15, 60]);
    assert.equal(offsetsError([15, 60]), undefined);
    assert.equal(offsetsError(parseOffsets('15, soon')), 'resources.calendars.validation.offsets');
  });

  it('accepts the typed text as well as stored lists', () => {
    assert.equal(formatList('09:00-12:00, '), '09:00-12:00, ');
    assert.equal(spansError('09:00-12:00, 13:00-17:00'), undefined);
    assert.equal(offsetsError('15, 60'), undefined);
  });

  it('turns the form values into the API body', () => {
    const body = calendarBody({
      name: 'Work',
      default_reminder_offsets: '15, 60',
      working_hours: { mon: '09:00-12:00, 13:00-17:00', tue: ['08:00-16:00'], sat: '' },
    });
    assert.deepEqual(body.default_reminder_offsets, [15, 60]);
    assert.deepEqual(body.working_hours, {
      mon: ['09:00-12:00', '13:00-17:00'],
      tue: ['08:00-16:00'],
      wed: [],
      thu: [],
      fri: [],
      sat: [],
      sun: [],
    });
  });
});
