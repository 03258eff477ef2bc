import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countRecordLines, exportFileName, exportProgress } from './export-file.ts';

describe('ingest export file', () => {
  it('names the file after the domain and the time, without colons', () => {
    assert.equal(exportFileName('weather', new Date('2025-03-12T08:30:05.123Z')), 'weather-2025-03-12T08-30-05Z.jsonl');
  });
  it('counts records by their newlines', () => {
    assert.equal(countRecordLines(new TextEncoder().encode('{"a":1}\n{"a":2}\n{"a"')), 2);
    assert.equal(countRecordLines(new Uint8Array()), 0);
  });
  it('gives a percentage only when the total is known, capped at 100', () => {
    assert.equal(exportProgress(5, 10), 50);
    assert.equal(exportProgress(12, 10), 100);
    assert.equal(exportProgress(3, 0), null);
    assert.equal(exportProgress(3, null), null);
  });
});
