import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paramsTemplateErrors, renderParamsTemplate } from './params-template.ts';

const command = {
  id: 'c1',
  system: 'N8N',
  action: 'CREATE_USER',
  status: 'COMPLETED',
  params: { user: 'ann', email: 'ann@example.com' },
  result: { id: 42, tags: ['a', 'b'] },
};

describe('rule params templates', () => {
  it('renders placeholders over the triggering command, keeping the types of whole placeholders', () => {
    const rendered = renderParamsTemplate(
      {
        chat_id: '{{command.result.id}}',
        message: 'User {{command.params.user}} created (#{{command.result.id}}) <ok>',
        tags: '{{command.result.tags}}',
        fixed: 7,
        nested: { who: '{{command.params.email}}' },
      },
      command,
    );
    assert.deepEqual(rendered, {
      params: {
        chat_id: 42,
        message: 'User ann created (#42) <ok>',
        tags: ['a', 'b'],
        fixed: 7,
        nested: { who: 'ann@example.com' },
      },
      missing: [],
    });
  });

  it('lists missing variables and renders them as null or blank', () => {
    const rendered = renderParamsTemplate({ a: '{{command.result.nope}}', b: 'x{{command.error}}y' }, command);
    assert.deepEqual(rendered.params, { a: null, b: 'xy' });
    assert.deepEqual(rendered.missing, ['command.result.nope', 'command.error']);
  });

  it('validates a template against the follow-up action params', () => {
    const specs = {
      chat_id: { type: 'int', required: true },
      message: { type: 'string', required: true },
      silent: { type: 'bool' },
    } as const;
    assert.deepEqual(paramsTemplateErrors({ chat_id: '{{command.result.id}}', message: 'hi' }, specs), {});
    assert.deepEqual(paramsTemplateErrors({ chat_id: 'abc', message: '{{#if x}}', bogus: 1, silent: 'yes' }, specs), {
      'params_template.bogus': 'is not an allowed parameter',
      'params_template.chat_id': 'must be a whole number',
      'params_template.message': paramsTemplateErrors({ message: '{{#if x}}', chat_id: 1 }, specs)[
        'params_template.message'
      ],
      'params_template.silent': 'must be true or false',
    });
    assert.deepEqual(paramsTemplateErrors({ message: 'x' }, specs), { 'params_template.chat_id': 'is required' });
  });
});
