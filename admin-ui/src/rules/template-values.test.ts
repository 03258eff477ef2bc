import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coerceTemplateValue, placeholdersFor, templateForRule, templateValueText } from './template-values.ts';

describe('rule template values', () => {
  it('keeps placeholders as text and types literals', () => {
    assert.equal(coerceTemplateValue('int', '{{command.params.chat_id}}'), '{{command.params.chat_id}}');
    assert.equal(coerceTemplateValue('int', '42'), 42);
    assert.equal(coerceTemplateValue('int', 'forty'), 'forty');
    assert.equal(coerceTemplateValue('bool', 'true'), true);
    assert.deepEqual(coerceTemplateValue('list', '[1,2]'), [1, 2]);
    assert.equal(coerceTemplateValue('string', '42'), '42');
    assert.equal(coerceTemplateValue('string', ''), undefined);
  });

  it('shows values as text', () => {
    assert.equal(templateValueText(42), '42');
    assert.equal(templateValueText([1]), '[1]');
    assert.equal(templateValueText(undefined), '');
  });

  it("keeps only the follow-up's params", () => {
    assert.deepEqual(templateForRule({ a: { type: 'string' } }, { a: 'x', b: 'stale' }), { a: 'x' });
  });

  it('lists the placeholders of the trigger', () => {
    assert.deepEqual(placeholdersFor({ user: { type: 'string' } }), [
      '{{command.params.user}}',
      '{{command.result}}',
      '{{command.id}}',
    ]);
  });
});
