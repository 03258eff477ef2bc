// The Chronos node's `template` resource against a real admin-api: render with variables (and
// the use counted), missing variables (strict / not strict), get, getAll with filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jsonOf, startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: template', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;
  let emailId: string;

  before(async () => {
    chronos = await startChronos(['templates.read', 'templates.write']);
    emailId = (
      await chronos.call('POST', '/api/v1/templates', {
        name: 'Invitation',
        type: 'email',
        category: 'notification',
        subject: 'Invitation: {{event.title}}',
        body_html: '<h1>{{event.title}}</h1>',
        body_text: '{{event.title}} at {{event.location}}',
        variables: {
          'event.title': { required: true, sample: 'Sample title' },
          'event.location': { sample: 'Sample room' },
        },
      })
    ).id;
    await chronos.call('POST', '/api/v1/templates', {
      name: 'Hook',
      type: 'webhook',
      category: 'report',
      payload: { title: '{{event.title}}' },
    });
  });
  after(() => chronos?.close());

  const render = (variables: string, extra: Record<string, unknown> = {}) =>
    chronos.run({
      resource: 'template',
      operation: 'render',
      templateId: { __rl: true, mode: 'list', value: emailId },
      variables,
      ...extra,
    });

  it('renders subject, HTML and text with the variables, and counts the use', async () => {
    const [rendered] = jsonOf(await render('{ "event": { "title": "Board <meeting>", "location": "Room 1" } }'));
    assert.equal(rendered.subject, 'Invitation: Board <meeting>');
    assert.equal(rendered.body_html, '<h1>Board &lt;meeting&gt;</h1>');
    assert.equal(rendered.body_text, 'Board <meeting> at Room 1');
    assert.deepEqual(rendered.missing, []);
    assert.equal((await chronos.call('GET', `/api/v1/templates/${emailId}`)).usage_count, 1);
  });

  it('blank variables render the declared samples; a plain id works too', async () => {
    const [rendered] = jsonOf(await render('', { templateId: emailId }));
    assert.equal(rendered.subject, 'Invitation: Sample title');
  });

  it('missing variables fail the item (422 naming them) unless strict is off', async () => {
    const strict = await render('{ "event": { "location": "x" } }');
    assert.equal(strict.error?.httpCode, '422');
    assert.match(String(strict.error?.description), /variables\.event\.title/);
    const [loose] = jsonOf(await render('{ "event": { "location": "x" } }', { renderOptions: { strict: false } }));
    assert.deepEqual(loose.missing, ['event.title']);
  });

  it('gets a template', async () => {
    const [got] = jsonOf(
      await chronos.run({
        resource: 'template',
        operation: 'get',
        templateId: { __rl: true, mode: 'id', value: emailId },
      }),
    );
    assert.equal(got.name, 'Invitation');
    assert.equal(got.type, 'email');
  });

  it('gets many templates with filters and a limit', async () => {
    const all = jsonOf(await chronos.run({ resource: 'template', operation: 'getAll', returnAll: true }));
    assert.deepEqual(
      all.map((t) => t.name),
      ['Hook', 'Invitation'],
    );
    const hooks = jsonOf(
      await chronos.run({ resource: 'template', operation: 'getAll', returnAll: true, filters: { type: 'webhook' } }),
    );
    assert.deepEqual(
      hooks.map((t) => t.name),
      ['Hook'],
    );
    const one = jsonOf(await chronos.run({ resource: 'template', operation: 'getAll', returnAll: false, limit: 1 }));
    assert.equal(one.length, 1);
  });

  it('an unknown template is a 404 node error; continue on fail keeps the other items', async () => {
    const result = await chronos.run(
      { resource: 'template', operation: 'get', templateId: '={{ $json.id }}' },
      [{ json: { id: emailId } }, { json: { id: '00000000-0000-4000-8000-000000000000' } }],
      true,
    );
    assert.equal(result.items.length, 2);
    assert.equal(result.items[0]!.json.name, 'Invitation');
    assert.equal(result.items[1]!.json.httpCode, '404');
    assert.deepEqual(result.items[1]!.pairedItem, { item: 1 });
  });
});
