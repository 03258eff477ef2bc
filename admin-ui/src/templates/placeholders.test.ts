import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declareSamples, extractPlaceholders, mergeSamples, parseVariables, sampleVariables } from './placeholders.ts';

const paths = (source: string) => extractPlaceholders(source).map((p) => p.path);

describe('extractPlaceholders', () => {
  it('finds plain, raw and nested placeholders once each, in order', () => {
    assert.deepEqual(paths('Hi {{ user.name }}, {{{event.html}}} {{user.name}} {{&raw}}'), [
      'user.name',
      'event.html',
      'raw',
    ]);
  });

  it('marks #if tests as conditions and keeps the context inside them', () => {
    const [location, again] = extractPlaceholders('{{#if event.location}}at {{event.location}}{{else}}-{{/if}}');
    assert.deepEqual(location, { path: 'event.location', uses: ['condition', 'value'] });
    assert.equal(again, undefined);
    assert.deepEqual(extractPlaceholders('{{#unless a}}x{{else if b}}y{{/unless}}'), [
      { path: 'a', uses: ['condition'] },
      { path: 'b', uses: ['condition'] },
    ]);
  });

  it('reports fields of #each items as items[].field, with this, block params and ../', () => {
    assert.deepEqual(
      paths('{{#each attendees}}{{name}} {{this.email}} {{@index}} {{../event.title}}{{/each}} {{after}}'),
      ['attendees', 'attendees[].name', 'attendees[].email', 'event.title', 'after'],
    );
    assert.deepEqual(paths('{{#each rows as |row i|}}{{row.id}} {{i}}{{/each}}'), ['rows', 'rows[].id']);
    assert.deepEqual(extractPlaceholders('{{#each tags}}{{this}}{{/each}}'), [
      { path: 'tags', uses: ['list'] },
      { path: 'tags[]', uses: ['value'] },
    ]);
  });

  it('follows #with, @root and lookup', () => {
    assert.deepEqual(paths('{{#with event}}{{title}} {{@root.user.name}}{{/with}} {{lookup labels key}}'), [
      'event',
      'event.title',
      'user.name',
      'labels',
      'key',
    ]);
  });

  it('ignores comments, literals, data variables and closes blocks correctly', () => {
    assert.deepEqual(paths('{{!-- {{secret}} --}}{{! {{other}} }}{{@index}}{{#if true}}{{x}}{{/if}}{{y}}'), ['x', 'y']);
  });

  it('merges several sources', () => {
    assert.deepEqual(
      extractPlaceholders('Subject {{a}}', null, '{{#if a}}{{b}}{{/if}}').map((p) => p.path),
      ['a', 'b'],
    );
  });
});

describe('sampleVariables', () => {
  it('uses declared samples and shows a stand-in for every other used variable', () => {
    const placeholders = extractPlaceholders(
      '{{event.title}} {{#if event.location}}{{event.location}}{{/if}} {{#each attendees}}{{name}}{{/each}} {{#if vip}}!{{/if}}',
    );
    assert.deepEqual(sampleVariables(placeholders, { 'event.title': { sample: 'Team meeting' } }), {
      event: { title: 'Team meeting', location: '[event.location]' },
      attendees: [{ name: '[attendees[].name]' }],
      vip: true,
    });
  });

  it('keeps declared samples that no body uses', () => {
    assert.deepEqual(sampleVariables([], { 'a.b': { sample: 1 }, c: { description: 'no sample' } }), { a: { b: 1 } });
  });
});

describe('declareSamples', () => {
  it('stores each leaf as a sample and keeps descriptions', () => {
    assert.deepEqual(
      declareSamples(
        { event: { title: 'Standup', tags: ['a'] }, n: 3 },
        { 'event.title': { description: 'Title', required: true, sample: 'old' } },
      ),
      {
        'event.title': { description: 'Title', required: true, sample: 'Standup' },
        'event.tags': { sample: ['a'] },
        n: { sample: 3 },
      },
    );
  });
});

describe('parseVariables', () => {
  it('accepts objects only', () => {
    assert.deepEqual(parseVariables('{"a": 1}'), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseVariables(''), { ok: true, value: {} });
    assert.deepEqual(parseVariables('{a'), { ok: false, error: 'invalid_json' });
    assert.deepEqual(parseVariables('[1]'), { ok: false, error: 'not_object' });
  });
});

describe('mergeSamples', () => {
  it('keeps edited values and adds what a saved template newly uses', () => {
    assert.deepEqual(
      mergeSamples(
        { event: { title: '[event.title]', place: '[event.place]' }, n: 1 },
        { event: { title: 'Mine' }, x: [1] },
      ),
      {
        event: { title: 'Mine', place: '[event.place]' },
        n: 1,
        x: [1],
      },
    );
  });
});
