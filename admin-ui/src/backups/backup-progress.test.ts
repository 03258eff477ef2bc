import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProgress, formatBytes } from './backup-progress.ts';

describe('describeProgress', () => {
  it('shows the estimated percentage while running', () => {
    assert.deepEqual(describeProgress({ status: 'running', phase: 'dump_chronos', progress: 42.4, bytes_done: 2048 }), {
      finished: false,
      percent: 42,
      phase: 'dump_chronos',
      bytesDone: 2048,
    });
  });
  it('is indeterminate without an estimate', () => {
    assert.equal(
      describeProgress({ status: 'running', phase: 'upload', progress: null, bytes_done: null }).percent,
      null,
    );
  });
  it('clamps to 0–100 and completes at 100', () => {
    assert.equal(describeProgress({ status: 'running', phase: 'upload', progress: 130, bytes_done: 1 }).percent, 100);
    assert.equal(describeProgress({ status: 'running', phase: 'starting', progress: -3, bytes_done: 0 }).percent, 0);
    const done = describeProgress({ status: 'completed', phase: 'done', progress: null, bytes_done: 10 });
    assert.equal(done.finished, true);
    assert.equal(done.percent, 100);
  });
  it('a failed backup is finished and keeps its last percentage', () => {
    const failed = describeProgress({ status: 'failed', phase: 'dump_n8n', progress: 60, bytes_done: 5 });
    assert.equal(failed.finished, true);
    assert.equal(failed.percent, 60);
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1,023 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
    assert.equal(formatBytes(1536, 'de'), '1,5 KB');
  });
  it('shows a dash for unknown sizes', () => {
    assert.equal(formatBytes(null), '—');
    assert.equal(formatBytes(undefined), '—');
    assert.equal(formatBytes(-1), '—');
  });
});
