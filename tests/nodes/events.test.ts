// The Chronos node's `event` resource, run in n8n's engine against a real admin-api: every
// operation with its result read back from the API, auto_plan conflicts handled the three
// ways `onConflict` offers, getAll paging over more than one API page, API validation errors
// as node errors naming the field, and continue-on-fail with paired items.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { at, jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

const ALL_DAY = ['00:00-24:00'];
const WEEK = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

describe('Chronos node: event', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;

  before(async () => {
    chronos = await startChronos(['events.read', 'events.write']);
    // A UTC calendar open around the clock without buffer: suggestions are easy to predict.
    await chronos.call('POST', '/api/v1/calendars', {
      id: 'team',
      name: 'Team',
      time_zone: 'UTC',
      default_mode: 'free',
      working_hours: WEEK,
      buffer_minutes: 0,
    });
  });
  after(() => chronos?.close());

  const createParameters = (overrides: Record<string, unknown> = {}) => ({
    resource: 'event',
    operation: 'create',
    calendarId: { __rl: true, mode: 'list', value: 'team' },
    title: 'Planning',
    startAt: at(9),
    endAt: at(10),
    mode: 'calendarDefault',
    onConflict: 'fail',
    additionalFields: {},
    ...overrides,
  });

  it('creates an event with its optional fields, as the API stores it', async () => {
    const [created] = jsonOf(
      await chronos.run(
        createParameters({
          additionalFields: {
            description: 'Quarterly planning',
            location: 'Room 4',
            attendees: 'Anna@Example.com, ben@example.com',
            tags: 'planning, team',
            eventType: 'meeting',
            reminderOffsets: '60, 10',
            metadata: '{ "origin": "n8n", "n": 1 }',
            allDay: false,
          },
        }),
      ),
    );
    const stored = await chronos.call('GET', `/api/v1/events/${created.id}`);
    assert.equal(stored.title, 'Planning');
    assert.equal(stored.calendar_id, 'team');
    assert.equal(stored.start_at, at(9));
    assert.equal(stored.end_at, at(10));
    assert.deepEqual(stored.attendees, ['anna@example.com', 'ben@example.com']);
    assert.deepEqual(stored.tags, ['planning', 'team']);
    assert.deepEqual(stored.reminder_offsets, [10, 60]);
    assert.deepEqual(stored.metadata, { origin: 'n8n', n: 1 });
    assert.equal(stored.location, 'Room 4');
    assert.equal(stored.event_type, 'meeting');
    assert.equal(stored.mode, null, 'calendarDefault leaves the mode to the calendar');
  });

  it('takes a plain calendar id (not a resource locator); left out, the default calendar', async () => {
    const [plain] = jsonOf(await chronos.run(createParameters({ calendarId: 'team', title: 'Plain id' })));
    assert.equal((await chronos.call('GET', `/api/v1/events/${plain.id}`)).calendar_id, 'team');
    const { calendarId: _omitted, ...withoutCalendar } = createParameters({ title: 'No calendar' });
    const [fallback] = jsonOf(await chronos.run(withoutCalendar));
    assert.equal((await chronos.call('GET', `/api/v1/events/${fallback.id}`)).calendar_id, 'default');
  });

  it('gets, updates (keeping the fields not named), reschedules and deletes an event', async () => {
    const [created] = jsonOf(
      await chronos.run(
        createParameters({
          title: 'Review',
          startAt: at(30),
          endAt: at(31),
          additionalFields: { tags: 'keep', location: 'Lab' },
        }),
      ),
    );
    const id = String(created.id);

    const [got] = jsonOf(await chronos.run({ resource: 'event', operation: 'get', id }));
    assert.equal(got.title, 'Review');

    const [updated] = jsonOf(
      await chronos.run({
        resource: 'event',
        operation: 'update',
        id,
        updateFields: { title: 'Review (moved)', endAt: at(32), status: 'completed' },
      }),
    );
    assert.equal(updated.title, 'Review (moved)');
    const afterUpdate = await chronos.call('GET', `/api/v1/events/${id}`);
    assert.equal(afterUpdate.title, 'Review (moved)');
    assert.equal(afterUpdate.end_at, at(32));
    assert.equal(afterUpdate.start_at, at(30));
    assert.equal(afterUpdate.status, 'completed');
    assert.deepEqual(afterUpdate.tags, ['keep'], 'fields not named in updateFields are kept');
    assert.equal(afterUpdate.location, 'Lab');

    jsonOf(await chronos.run({ resource: 'event', operation: 'reschedule', id, target: 'startAt', startAt: at(40) }));
    const moved = await chronos.call('GET', `/api/v1/events/${id}`);
    assert.equal(moved.start_at, at(40));
    assert.equal(moved.end_at, at(42), 'the duration is kept');

    const [deleted] = jsonOf(await chronos.run({ resource: 'event', operation: 'delete', id }));
    assert.equal(deleted.id, id);
    assert.equal((await chronos.raw('GET', `/api/v1/events/${id}`)).status, 404);
  });

  it('reschedules to the next free slot of the attendees', async () => {
    const attendees = 'nextfree@example.com';
    await chronos.call('POST', '/api/v1/events', {
      calendar_id: 'team',
      title: 'Busy',
      start_at: at(50),
      end_at: at(51),
      attendees: [attendees],
    });
    const [clash] = jsonOf(
      await chronos.run(
        createParameters({ title: 'Clash', startAt: at(50, 30), endAt: at(51, 30), additionalFields: { attendees } }),
      ),
    );
    assert.equal((clash.conflicts as unknown[]).length, 1, 'free mode writes and reports the overlap');
    const [moved] = jsonOf(
      await chronos.run({ resource: 'event', operation: 'reschedule', id: clash.id, target: 'nextFree' }),
    );
    const stored = await chronos.call('GET', `/api/v1/events/${clash.id}`);
    assert.equal(stored.start_at, moved.start_at);
    assert.ok(Date.parse(stored.start_at) >= Date.parse(at(51)), `moved after the busy hour: ${stored.start_at}`);
    assert.equal(Date.parse(stored.end_at) - Date.parse(stored.start_at), 3_600_000);
  });

  it('upserts by source and external id: the second run updates the same event', async () => {
    const upsert = (title: string) =>
      chronos.run({
        ...createParameters({ title }),
        operation: 'upsert',
        source: 'google:work',
        externalId: 'abc-123',
      });
    const [first] = jsonOf(await upsert('Synced'));
    const [second] = jsonOf(await upsert('Synced (renamed)'));
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);
    const stored = await chronos.call('GET', `/api/v1/events/${first.id}`);
    assert.equal(stored.title, 'Synced (renamed)');
    assert.equal(stored.source, 'google:work');
    assert.equal(stored.external_id, 'abc-123');
  });

  describe('auto_plan conflicts', () => {
    const attendees = 'planner@example.com';
    let busyId: string;

    before(async () => {
      busyId = (
        await chronos.call('POST', '/api/v1/events', {
          calendar_id: 'team',
          title: 'Existing',
          start_at: at(100),
          end_at: at(101),
          attendees: [attendees],
        })
      ).id;
    });

    const colliding = (onConflict: string) =>
      chronos.run(
        createParameters({
          title: `Colliding (${onConflict})`,
          startAt: at(100, 30),
          endAt: at(101, 30),
          mode: 'auto_plan',
          onConflict,
          additionalFields: { attendees },
        }),
      );

    it('fail: the item fails with the 409', async () => {
      const result = await colliding('fail');
      assert.equal(result.items.length, 0);
      assert.equal(result.error?.httpCode, '409');
      assert.match(result.error?.message ?? '', /collides/);
    });

    it('returnSuggestions: outputs the conflicts and free slots as data, creating nothing', async () => {
      const [answer] = jsonOf(await colliding('returnSuggestions'));
      assert.equal(answer.conflict, true);
      const conflicts = answer.conflicts as Array<{ id: string }>;
      const suggestions = answer.suggestions as Array<{ start_at: string; end_at: string }>;
      assert.deepEqual(
        conflicts.map((c) => c.id),
        [busyId],
      );
      assert.ok(suggestions.length > 0);
      assert.ok(Date.parse(suggestions[0]!.start_at) >= Date.parse(at(101)));
      const list = await chronos.call(
        'GET',
        `/api/v1/events?filter=${encodeURIComponent(JSON.stringify({ q: 'Colliding' }))}`,
      );
      assert.equal(list.length, 0, 'nothing was created');
    });

    it('nextFreeSlot: creates the event at the first suggested slot with its duration', async () => {
      const [{ suggestions }] = jsonOf(await colliding('returnSuggestions')) as Array<{
        suggestions: Array<{ start_at: string }>;
      }>;
      const [created] = jsonOf(await colliding('nextFreeSlot'));
      const stored = await chronos.call('GET', `/api/v1/events/${created.id}`);
      assert.equal(stored.title, 'Colliding (nextFreeSlot)');
      assert.equal(stored.start_at, new Date(suggestions[0]!.start_at).toISOString());
      assert.equal(Date.parse(stored.end_at) - Date.parse(stored.start_at), 3_600_000);
      assert.equal(stored.effective_mode, 'auto_plan');
    });

    it('getConflicts lists the current conflicts of an event', async () => {
      const [overlapping] = jsonOf(
        await chronos.run(
          createParameters({ title: 'Overlap', startAt: at(100), endAt: at(100, 45), additionalFields: { attendees } }),
        ),
      );
      const [answer] = jsonOf(await chronos.run({ resource: 'event', operation: 'getConflicts', id: overlapping.id }));
      assert.deepEqual(
        (answer.conflicts as Array<{ id: string }>).map((c) => c.id),
        [busyId],
      );
    });
  });

  describe('getAll', () => {
    before(async () => {
      // 1,050 events of a "bulk" calendar, one per minute: more than one API page (1,000).
      await chronos.call('POST', '/api/v1/calendars', { id: 'bulk', name: 'Bulk' });
      await chronos.pool.query(
        `INSERT INTO events (calendar_id, title, start_at, end_at, tags)
         SELECT 'bulk', 'Bulk ' || n, $1::timestamptz + n * interval '1 minute',
                $1::timestamptz + n * interval '1 minute' + interval '30 seconds', ARRAY['bulk']
         FROM generate_series(1, 1050) AS n`,
        [at(200)],
      );
    });

    const getAll = (extra: Record<string, unknown>) =>
      chronos.run({ resource: 'event', operation: 'getAll', filters: { calendar_id: 'bulk' }, ...extra });

    it('returns `limit` events, in start order', async () => {
      const events = jsonOf(await getAll({ returnAll: false, limit: 7 }));
      assert.equal(events.length, 7);
      assert.deepEqual(
        events.map((e) => e.title),
        ['Bulk 1', 'Bulk 2', 'Bulk 3', 'Bulk 4', 'Bulk 5', 'Bulk 6', 'Bulk 7'],
      );
    });

    it('returnAll pages through all 1,050 events, each once', async () => {
      const result = await getAll({ returnAll: true, limit: 5 });
      const events = jsonOf(result);
      assert.equal(events.length, 1050);
      assert.equal(new Set(events.map((e) => e.id)).size, 1050);
      assert.equal(events.at(-1)?.title, 'Bulk 1050');
      assert.ok(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}'));
    });

    it('a limit above one page also pages', async () => {
      assert.equal(jsonOf(await getAll({ returnAll: false, limit: 1020 })).length, 1020);
    });

    it('applies the filters (search, tags, window, status)', async () => {
      const inWindow = jsonOf(
        await getAll({
          returnAll: true,
          filters: { calendar_id: 'bulk', from: at(200, 10), to: at(200, 20), tags: 'bulk', status: ['scheduled'] },
        }),
      );
      assert.ok(inWindow.length >= 9 && inWindow.length <= 11, `events in a 10-minute window: ${inWindow.length}`);
      const searched = jsonOf(
        await chronos.run({ resource: 'event', operation: 'getAll', returnAll: true, filters: { q: 'Quarterly' } }),
      );
      assert.deepEqual(
        searched.map((e) => e.title),
        ['Planning'],
      );
    });
  });

  it("reads date-times without an offset (the date picker's) in the workflow's time zone", () => {
    const { toApiInstant } = createRequire(import.meta.url)('../../dist/nodes/Chronos/shared/time.js') as {
      toApiInstant: (this: unknown, name: string, value: unknown, itemIndex: number) => string;
    };
    const context = (timeZone: string) => ({ getTimezone: () => timeZone, getNode: () => ({ name: 'Chronos' }) });
    const berlin = context('Europe/Berlin');
    assert.equal(toApiInstant.call(berlin, 'startAt', '2031-01-15T09:00:00', 0), '2031-01-15T08:00:00.000Z');
    assert.equal(toApiInstant.call(berlin, 'startAt', '2031-07-15T09:00', 0), '2031-07-15T07:00:00.000Z');
    // 02:30 does not exist on the spring-forward day; it lands an hour later, as in n8n's Luxon.
    assert.equal(toApiInstant.call(berlin, 'startAt', '2031-03-30T02:30:00', 0), '2031-03-30T01:30:00.000Z');
    assert.equal(
      toApiInstant.call(context('America/New_York'), 'x', '2031-01-15 09:00:00.250', 0),
      '2031-01-15T14:00:00.250Z',
    );
    assert.equal(toApiInstant.call(berlin, 'startAt', '2031-01-15T09:00:00+05:00', 0), '2031-01-15T09:00:00+05:00');
    assert.throws(() => toApiInstant.call(berlin, 'startAt', 'next tuesday', 0), /"startAt" is not a date-time/);
  });

  describe('errors', () => {
    it('an API validation error fails the node with the field named in the description', async () => {
      const result = await chronos.run(createParameters({ startAt: at(12), endAt: at(11) }));
      assert.equal(result.items.length, 0);
      assert.equal(result.error?.httpCode, '400');
      assert.match(String(result.error?.description), /end_at: must be after start_at/);
    });

    it('an invalid JSON parameter names the parameter', async () => {
      const result = await chronos.run(createParameters({ additionalFields: { metadata: '{ nope' } }));
      assert.match(result.error?.message ?? '', /"metadata" is not valid JSON/);
    });

    it('continue on fail: the failed item becomes an error item, the others are created', async () => {
      const items = [{ json: { title: 'One' } }, { json: { title: ' ' } }, { json: { title: 'Three' } }];
      const result = await chronos.run(createParameters({ title: '={{ $json.title }}' }), items, true);
      assert.equal(result.error, undefined);
      assert.equal(result.items.length, 3);
      assert.deepEqual(
        result.items.map((item) => item.pairedItem),
        [{ item: 0 }, { item: 1 }, { item: 2 }],
      );
      const [one, failed, three] = result.items.map((item) => item.json);
      assert.equal(one.title, 'One');
      assert.equal(three.title, 'Three');
      assert.match(String(failed.error), /title/);
      assert.match(String(failed.description), /title: is required/);
      assert.equal(failed.httpCode, '400');
      for (const id of [one.id, three.id]) assert.equal((await chronos.raw('GET', `/api/v1/events/${id}`)).status, 200);
    });

    it('a key without events.write gets the 403 naming the scope', async () => {
      const reader = await startChronos(['events.read']);
      try {
        const result = await reader.run(createParameters({ calendarId: 'default' }));
        assert.equal(result.error?.httpCode, '403');
        assert.match(String(result.error?.description), /events\.write/);
      } finally {
        await reader.close();
      }
    });
  });
});
