// The Chronos node's `subTask` resource against a real admin-api: add (appended and at a
// position), list with limit, tick/untick, reorder (one item at a time), delete — each read
// back from the API — and a validation error naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { at, jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: subTask', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;
  let eventId: string;

  before(async () => {
    chronos = await startChronos(['events.read', 'events.write']);
    eventId = (await chronos.call('POST', '/api/v1/events', { title: 'Launch', start_at: at(9), end_at: at(10) })).id;
  });
  after(() => chronos?.close());

  const checklist = async () =>
    (await chronos.call('GET', `/api/v1/events/${eventId}/sub-tasks`)) as Array<{
      id: string;
      text: string;
      completed: boolean;
      notes: string | null;
    }>;

  it('adds sub-tasks, appended or at a position, one per input item', async () => {
    const items = ['Write notes', 'Book room', 'Send invite'].map((text) => ({ json: { text } }));
    const result = await chronos.run(
      { resource: 'subTask', operation: 'add', eventId, text: '={{ $json.text }}', additionalFields: {} },
      items,
    );
    const answers = jsonOf(result);
    assert.equal(answers.length, 3);
    assert.deepEqual(
      result.items.map((item) => item.pairedItem),
      [{ item: 0 }, { item: 1 }, { item: 2 }],
    );
    assert.equal((answers[2]!.progress as { total: number }).total >= 1, true);
    const [first] = jsonOf(
      await chronos.run({
        resource: 'subTask',
        operation: 'add',
        eventId,
        text: 'Agenda',
        additionalFields: { position: 0, notes: 'before everything' },
      }),
    );
    assert.equal((first.sub_task as { position: number }).position, 0);
    const list = await checklist();
    assert.equal(list.length, 4);
    assert.equal(list[0]!.text, 'Agenda');
    assert.equal(list[0]!.notes, 'before everything');
    assert.deepEqual(new Set(list.slice(1).map((t) => t.text)), new Set(['Write notes', 'Book room', 'Send invite']));
  });

  it('gets the checklist, all of it or up to the limit', async () => {
    const all = jsonOf(await chronos.run({ resource: 'subTask', operation: 'getAll', eventId, returnAll: true }));
    assert.deepEqual(
      all.map((t) => t.text),
      (await checklist()).map((t) => t.text),
    );
    const two = jsonOf(
      await chronos.run({ resource: 'subTask', operation: 'getAll', eventId, returnAll: false, limit: 2 }),
    );
    assert.equal(two.length, 2);
    assert.equal(two[0]!.text, 'Agenda');
  });

  it('ticks and unticks a sub-task, with the event progress', async () => {
    const [task] = await checklist();
    const [ticked] = jsonOf(
      await chronos.run({ resource: 'subTask', operation: 'tick', eventId, subTaskId: task!.id }),
    );
    assert.deepEqual(ticked.progress, { done: 1, total: 4, all_done: false });
    assert.equal((await checklist())[0]!.completed, true);
    jsonOf(await chronos.run({ resource: 'subTask', operation: 'untick', eventId, subTaskId: task!.id }));
    assert.equal((await checklist())[0]!.completed, false);
  });

  it('reorders the checklist to the given complete order', async () => {
    const reversed = (await checklist()).map((t) => t.id).reverse();
    const [answer] = jsonOf(
      await chronos.run({ resource: 'subTask', operation: 'reorder', eventId, subTaskIds: reversed.join(' , ') }),
    );
    assert.deepEqual(
      (answer.sub_tasks as Array<{ id: string }>).map((t) => t.id),
      reversed,
    );
    assert.deepEqual(
      (await checklist()).map((t) => t.id),
      reversed,
    );
  });

  it('reorders several items one after another (the last order wins)', async () => {
    const ids = (await checklist()).map((t) => t.id);
    const orders = [ids, [...ids].reverse(), [ids[1], ids[0], ids[3], ids[2]]];
    const result = await chronos.run(
      { resource: 'subTask', operation: 'reorder', eventId, subTaskIds: '={{ $json.order }}' },
      orders.map((order) => ({ json: { order: order.join(',') } })),
    );
    assert.equal(jsonOf(result).length, 3);
    assert.deepEqual(
      (await checklist()).map((t) => t.id),
      orders[2],
    );
  });

  it('an incomplete order fails with the API message naming `ids`', async () => {
    const [one] = await checklist();
    const result = await chronos.run({ resource: 'subTask', operation: 'reorder', eventId, subTaskIds: one!.id });
    assert.equal(result.error?.httpCode, '400');
    assert.match(String(result.error?.description), /ids/);
  });

  it('deletes a sub-task', async () => {
    const [victim] = await checklist();
    const [deleted] = jsonOf(
      await chronos.run({ resource: 'subTask', operation: 'delete', eventId, subTaskId: victim!.id }),
    );
    assert.equal((deleted.sub_task as { id: string }).id, victim!.id);
    const list = await checklist();
    assert.equal(list.length, 3);
    assert.ok(!list.some((t) => t.id === victim!.id));
  });

  it('an empty text fails the item with the field named; continue on fail keeps the others', async () => {
    const result = await chronos.run(
      { resource: 'subTask', operation: 'add', eventId, text: '={{ $json.text }}' },
      [{ json: { text: 'Fine' } }, { json: { text: '' } }],
      true,
    );
    assert.equal(result.items.length, 2);
    assert.match(String(result.items[1]!.json.description), /text: is required/);
    assert.deepEqual(result.items[1]!.pairedItem, { item: 1 });
    assert.ok((await checklist()).some((t) => t.text === 'Fine'));
  });
});
