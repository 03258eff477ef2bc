// The Chronos node's `note` resource against a real admin-api: create, get, update (only the
// named fields change), getAll with filters and limit, delete — read back from the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { at, jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: note', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;
  let eventId: string;
  let noteId: string;

  before(async () => {
    chronos = await startChronos(['events.read', 'events.write']);
    eventId = (await chronos.call('POST', '/api/v1/events', { title: 'Retro', start_at: at(9), end_at: at(10) })).id;
  });
  after(() => chronos?.close());

  it('creates a note with tags, source and event', async () => {
    const [created] = jsonOf(
      await chronos.run({
        resource: 'note',
        operation: 'create',
        text: 'Buy more coffee for the team',
        additionalFields: { tags: 'office, todo', source: 'telegram', sourceRef: '42:7', eventId },
      }),
    );
    noteId = String(created.id);
    const stored = await chronos.call('GET', `/api/v1/notes/${noteId}`);
    assert.equal(stored.text, 'Buy more coffee for the team');
    assert.deepEqual(stored.tags, ['office', 'todo']);
    assert.equal(stored.source, 'telegram');
    assert.equal(stored.source_ref, '42:7');
    assert.equal(stored.event_id, eventId);
  });

  it('gets a note', async () => {
    const [got] = jsonOf(await chronos.run({ resource: 'note', operation: 'get', id: noteId }));
    assert.equal(got.id, noteId);
    assert.equal(got.text, 'Buy more coffee for the team');
  });

  it('updates only the named fields', async () => {
    jsonOf(await chronos.run({ resource: 'note', operation: 'update', id: noteId, updateFields: { tags: 'done' } }));
    const stored = await chronos.call('GET', `/api/v1/notes/${noteId}`);
    assert.deepEqual(stored.tags, ['done']);
    assert.equal(stored.text, 'Buy more coffee for the team');
    assert.equal(stored.source, 'telegram');
    assert.equal(stored.event_id, eventId);
  });

  it('gets many notes with search, tags, event and limit', async () => {
    for (const text of ['Second thought', 'Third thought']) {
      await chronos.call('POST', '/api/v1/notes', { text, tags: ['idea'] });
    }
    const searched = jsonOf(
      await chronos.run({ resource: 'note', operation: 'getAll', returnAll: true, filters: { q: 'coffee' } }),
    );
    assert.deepEqual(
      searched.map((n) => n.id),
      [noteId],
    );
    const tagged = jsonOf(
      await chronos.run({ resource: 'note', operation: 'getAll', returnAll: true, filters: { tags: 'idea' } }),
    );
    assert.equal(tagged.length, 2);
    const ofEvent = jsonOf(
      await chronos.run({ resource: 'note', operation: 'getAll', returnAll: true, filters: { event_id: eventId } }),
    );
    assert.deepEqual(
      ofEvent.map((n) => n.id),
      [noteId],
    );
    const limited = jsonOf(await chronos.run({ resource: 'note', operation: 'getAll', returnAll: false, limit: 2 }));
    assert.equal(limited.length, 2);
  });

  it('a bad source fails with the field named', async () => {
    const result = await chronos.run({
      resource: 'note',
      operation: 'create',
      text: 'x',
      additionalFields: { source: 'Not Valid' },
    });
    assert.equal(result.error?.httpCode, '400');
    assert.match(String(result.error?.description), /source:/);
  });

  it('deletes a note', async () => {
    const [deleted] = jsonOf(await chronos.run({ resource: 'note', operation: 'delete', id: noteId }));
    assert.equal(deleted.id, noteId);
    assert.equal((await chronos.raw('GET', `/api/v1/notes/${noteId}`)).status, 404);
  });
});
