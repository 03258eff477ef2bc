import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromTemplateBody } from './fromTemplate.ts';

describe('fromTemplateBody', () => {
  it('keeps start_at and the given overrides only', () => {
    assert.deepEqual(
      fromTemplateBody({
        template_id: 't1',
        start_at: '2026-01-01T09:00:00.000Z',
        title: '  Kick-off ',
        calendar_id: null,
      }),
      { templateId: 't1', body: { start_at: '2026-01-01T09:00:00.000Z', title: 'Kick-off' } },
    );
  });

  it('drops empty text so the template value applies', () => {
    assert.deepEqual(fromTemplateBody({ template_id: 't1', start_at: 'x', title: ' ' }).body, { start_at: 'x' });
  });
});
