import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSpan } from './formatSpan.ts';

describe('formatSpan', () => {
  it('prints the end without a date on the same day', () => {
    const text = formatSpan('2026-03-02T10:00:00', '2026-03-02T11:30:00', 'en-GB');
    assert.match(text, /2026.*10:00 – 11:30$/);
  });

  it('prints both dates when the span crosses midnight', () => {
    const text = formatSpan('2026-03-02T23:00:00', '2026-03-03T01:00:00', 'en-GB');
    assert.equal(text.match(/2026/g)?.length, 2);
  });
});
