import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jsonSyntaxErrors,
  missingVariables,
  renderJson,
  renderText,
  sampleVariables,
  templateSyntaxError,
} from './render.ts';

const vars = {
  event: { title: 'Team <b>meeting</b>', attendees: [{ name: 'Ann' }, { name: 'Bob' }], count: 3, location: null },
};

describe('template rendering', () => {
  it('escapes HTML in HTML bodies only, with triple-stash as the explicit opt-out', () => {
    assert.equal(
      renderText('<p>{{event.title}}</p>', vars, { html: true }).output,
      '<p>Team &lt;b&gt;meeting&lt;/b&gt;</p>',
    );
    assert.equal(renderText('<p>{{{event.title}}}</p>', vars, { html: true }).output, '<p>Team <b>meeting</b></p>');
    assert.equal(renderText('Re: {{event.title}}', vars, { html: false }).output, 'Re: Team <b>meeting</b>');
  });

  it('renders #if / #each blocks', () => {
    const out = renderText('{{#each event.attendees}}{{@index}}:{{name}}{{#unless @last}},{{/unless}}{{/each}}', vars, {
      html: false,
    });
    assert.deepEqual(out, { output: '0:Ann,1:Bob', missing: [] });
    assert.equal(renderText('{{#if event.nope}}x{{else}}y{{/if}}', vars, { html: false }).output, 'y');
  });

  it('reports missing variables instead of rendering silent blanks', () => {
    const result = renderText('{{event.title}} at {{event.place}} by {{organizer.name}}', vars, { html: true });
    assert.deepEqual(result.missing, ['event.place', 'organizer.name']);
    assert.deepEqual(missingVariables('{{#each event.attendees}}{{name}} {{email}}{{/each}}', vars), [
      'event.attendees.0.email',
      'event.attendees.1.email',
    ]);
    assert.deepEqual(missingVariables('{{#each event.guests}}{{name}}{{/each}}', vars), ['event.guests']);
    assert.deepEqual(
      missingVariables('{{#each event.attendees as |a|}}{{a.name}}{{../event.count}}{{/each}}', vars),
      [],
    );
    assert.deepEqual(missingVariables('{{#with event}}{{title}}{{zip}}{{/with}}', vars), ['event.zip']);
    assert.deepEqual(missingVariables('{{@root.event.title}}{{@index}}', vars), ['@index']);
  });

  it('does not report variables guarded by #if, nor explicit nulls', () => {
    assert.deepEqual(missingVariables('{{#if event.place}}{{event.place}}{{/if}}', vars), []);
    assert.deepEqual(missingVariables('{{#if event.count}}{{event.place}}{{/if}}', vars), ['event.place']);
    assert.deepEqual(missingVariables('{{event.location}}', vars), []);
  });

  it('names syntax errors, unknown helpers and partials', () => {
    assert.equal(templateSyntaxError('Hello {{event.title}}'), undefined);
    assert.match(templateSyntaxError('{{#if a}}open')!, /Parse error|Expecting|unexpected/);
    assert.match(templateSyntaxError('{{a.b}}}')!, /line 1/);
    assert.match(templateSyntaxError('{{formatDate event.start}}')!, /unknown helper/);
    assert.match(templateSyntaxError('{{> header}}')!, /partials/);
    assert.match(templateSyntaxError('{{#if x}}{{log "y"}}{{/if}}')!, /log/);
    assert.deepEqual(Object.keys(jsonSyntaxErrors({ a: ['ok', '{{#each'], b: { c: '{{x}}' } }, 'payload')), [
      'payload.a.1',
    ]);
  });

  it('renders JSON payloads value by value, keeping them valid JSON and typed', () => {
    const payload = {
      text: 'New: "{{event.title}}" \\ {{event.count}}',
      count: '{{event.count}}',
      people: '{{event.attendees}}',
      nested: [{ k: '{{event.title}}' }, 7, true, null],
      missing: '{{event.nothing}}',
    };
    const { output, missing } = renderJson(payload, vars);
    assert.deepEqual(JSON.parse(JSON.stringify(output)), output);
    assert.deepEqual(output, {
      text: 'New: "Team <b>meeting</b>" \\ 3',
      count: 3,
      people: [{ name: 'Ann' }, { name: 'Bob' }],
      nested: [{ k: 'Team <b>meeting</b>' }, 7, true, null],
      missing: null,
    });
    assert.deepEqual(missing, ['event.nothing']);
  });

  it('does not reach prototype properties', () => {
    assert.deepEqual(missingVariables('{{event.constructor}}{{__proto__}}', vars), ['event.constructor', '__proto__']);
    assert.equal(renderText('{{event.constructor}}', vars, { html: false }).output, '');
  });

  it('builds sample variables from declared dotted names', () => {
    assert.deepEqual(
      sampleVariables({
        'event.title': { sample: 'T' },
        'event.start': { sample: '2025' },
        user: {},
        n: { sample: 1 },
      }),
      { event: { title: 'T', start: '2025' }, n: 1 },
    );
  });
});
