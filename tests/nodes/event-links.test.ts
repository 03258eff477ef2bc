// The Chronos node's `eventLink` resource against a real admin-api: create (with its type),
// list both directions (with limit), delete — read back from the API — and an unknown target.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { at, jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: eventLink', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;
  const ids: string[] = [];

  before(async () => {
    chronos = await startChronos(['events.read', 'events.write']);
    for (const title of ['Design', 'Build', 'Ship']) {
      ids.push((await chronos.call('POST', '/api/v1/events', { title, start_at: at(9), end_at: at(10) })).id);
    }
  });
  after(() => chronos?.close());

  const links = async (eventId: string) =>
    (await chronos.call('GET', `/api/v1/events/${eventId}/links`)) as Array<{
      id: string;
      link_type: string;
      direction: string;
      other: { id: string };
    }>;

  it('links events with a type', async () => {
    const [design, build, ship] = ids;
    const [created] = jsonOf(
      await chronos.run({
        resource: 'eventLink',
        operation: 'create',
        eventId: build,
        targetEventId: design,
        linkType: 'depends_on',
      }),
    );
    assert.equal(created.link_type, 'depends_on');
    jsonOf(await chronos.run({ resource: 'eventLink', operation: 'create', eventId: ship, targetEventId: build }));
    const ofBuild = await links(build!);
    assert.deepEqual(ofBuild.map((l) => [l.direction, l.other.id, l.link_type]).sort(), [
      ['incoming', ship, 'related'],
      ['outgoing', design, 'depends_on'],
    ]);
  });

  it("lists an event's links in both directions, or up to the limit", async () => {
    const all = jsonOf(
      await chronos.run({ resource: 'eventLink', operation: 'getAll', eventId: ids[1], returnAll: true }),
    );
    assert.equal(all.length, 2);
    const one = jsonOf(
      await chronos.run({ resource: 'eventLink', operation: 'getAll', eventId: ids[1], returnAll: false, limit: 1 }),
    );
    assert.equal(one.length, 1);
  });

  it('deletes a link from either side', async () => {
    const [incoming] = (await links(ids[0]!)).filter((l) => l.direction === 'incoming');
    const [deleted] = jsonOf(
      await chronos.run({ resource: 'eventLink', operation: 'delete', eventId: ids[0], linkId: incoming!.id }),
    );
    assert.equal(deleted.id, incoming!.id);
    assert.equal((await links(ids[0]!)).length, 0);
    assert.equal((await links(ids[1]!)).length, 1);
  });

  it('a target that is not a UUID fails with the field named', async () => {
    const result = await chronos.run({
      resource: 'eventLink',
      operation: 'create',
      eventId: ids[0],
      targetEventId: 'not-a-uuid',
    });
    assert.equal(result.error?.httpCode, '400');
    assert.match(String(result.error?.description), /target_event_id/);
  });
});
