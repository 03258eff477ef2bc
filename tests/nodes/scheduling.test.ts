// The Chronos node's `scheduling` resource against a real admin-api: free/busy of attendees
// and slot suggestions (working hours, buffer, time zone), checked against seeded events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { at, jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: scheduling', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;

  before(async () => {
    chronos = await startChronos(['events.read']);
    // anna is busy 09-10 and 10:30-11 (UTC, Monday), ben 09:30-10:15.
    for (const [title, start, end, attendees] of [
      ['A1', at(9), at(10), ['anna@example.com']],
      ['A2', at(10, 30), at(11), ['anna@example.com']],
      ['B1', at(9, 30), at(10, 15), ['ben@example.com']],
    ] as const) {
      await chronos.call('POST', '/api/v1/events', { title, start_at: start, end_at: end, attendees });
    }
  });
  after(() => chronos?.close());

  it('gets the merged busy intervals per attendee', async () => {
    const [answer] = jsonOf(
      await chronos.run({
        resource: 'scheduling',
        operation: 'getFreeBusy',
        attendees: 'anna@example.com, ben@example.com',
        from: at(0),
        to: at(24),
      }),
    );
    const busy = answer.busy as Record<string, Array<{ start_at: string; end_at: string }>>;
    assert.deepEqual(
      busy['anna@example.com']!.map((b) => [b.start_at, b.end_at]),
      [
        [at(9), at(10)],
        [at(10, 30), at(11)],
      ],
    );
    assert.deepEqual(
      busy['ben@example.com']!.map((b) => [b.start_at, b.end_at]),
      [[at(9, 30), at(10, 15)]],
    );
  });

  it('suggests the earliest common free slots within working hours, one after another', async () => {
    const [answer] = jsonOf(
      await chronos.run({
        resource: 'scheduling',
        operation: 'suggestSlots',
        attendees: 'anna@example.com,ben@example.com',
        durationMinutes: 30,
        from: at(0),
        to: at(24),
        count: 2,
        additionalFields: {
          timeZone: 'UTC',
          workingHours: '{ "mon": ["09:00-17:00"] }',
        },
      }),
    );
    const slots = answer.slots as Array<{ start_at: string; end_at: string }>;
    assert.deepEqual(
      slots.map((s) => s.start_at),
      [at(11), at(11, 30)],
    );
  });

  it('a buffer keeps distance from busy time', async () => {
    const [answer] = jsonOf(
      await chronos.run({
        resource: 'scheduling',
        operation: 'suggestSlots',
        attendees: 'anna@example.com',
        durationMinutes: 30,
        from: at(0),
        to: at(24),
        count: 1,
        additionalFields: { timeZone: 'UTC', workingHours: '{ "mon": ["09:00-17:00"] }', bufferMinutes: 30 },
      }),
    );
    assert.equal((answer.slots as Array<{ start_at: string }>)[0]!.start_at, at(11, 30));
  });

  it('a window the API refuses fails with the field named', async () => {
    const result = await chronos.run({
      resource: 'scheduling',
      operation: 'getFreeBusy',
      attendees: 'anna@example.com',
      from: at(10),
      to: at(9),
    });
    assert.equal(result.error?.httpCode, '400');
    assert.match(String(result.error?.description), /to: must be after from/);
  });

  it('invalid working hours JSON names the parameter', async () => {
    const result = await chronos.run({
      resource: 'scheduling',
      operation: 'suggestSlots',
      attendees: 'anna@example.com',
      durationMinutes: 30,
      from: at(0),
      to: at(24),
      additionalFields: { workingHours: '{ mon: 9-17 }' },
    });
    assert.match(result.error?.message ?? '', /"workingHours" is not valid JSON/);
  });
});
