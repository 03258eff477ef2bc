import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageParts, backupState } from './backup-state.ts';

const now = Date.parse('2025-03-12T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

describe('backup state', () => {
  it('no backup at all needs attention', () => {
    assert.equal(backupState(undefined, now), 'none');
  });
  it('a completed backup younger than a day is ok, older is stale', () => {
    assert.equal(backupState({ status: 'completed', started_at: hoursAgo(3), finished_at: hoursAgo(2) }, now), 'ok');
    assert.equal(
      backupState({ status: 'completed', started_at: hoursAgo(26), finished_at: hoursAgo(25) }, now),
      'stale',
    );
  });
  it('failed and running win over age', () => {
    assert.equal(backupState({ status: 'failed', started_at: hoursAgo(1), finished_at: hoursAgo(1) }, now), 'failed');
    assert.equal(backupState({ status: 'running', started_at: hoursAgo(30), finished_at: null }, now), 'running');
  });
  it('ages in the biggest sensible unit', () => {
    assert.deepEqual(ageParts(now - 5 * 60_000, now), [5, 'minutes']);
    assert.deepEqual(ageParts(now - 30 * 3_600_000, now), [30, 'hours']);
    assert.deepEqual(ageParts(now - 72 * 3_600_000, now), [3, 'days']);
    assert.deepEqual(ageParts(now + 1000, now), [0, 'minutes']);
  });
});
