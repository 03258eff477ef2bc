import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck, safeMessage } from './check.ts';
import { overallStatus } from './service.ts';

describe('runCheck', () => {
  it('adds the latency to what the check reports', async () => {
    const result = await runCheck('x', 1000, async () => ({ status: 'degraded', message: 'slow', lag_s: 3 }));
    assert.equal(result.status, 'degraded');
    assert.equal(result.lag_s, 3);
    assert.equal(typeof result.latency_ms, 'number');
  });

  it('turns a failure into down with a message, and a hang into down at the deadline; cleanup runs', async () => {
    let cleaned = 0;
    const failed = await runCheck(
      'thing',
      1000,
      async () => {
        throw new Error('connect ECONNREFUSED postgres://chronos:hunter2@db:5432/chronos');
      },
      () => cleaned++,
    );
    assert.equal(failed.status, 'down');
    assert.equal(failed.error, 'connect ECONNREFUSED [url]');
    const hung = await runCheck(
      'thing',
      20,
      () => new Promise(() => undefined),
      () => cleaned++,
    );
    assert.equal(hung.status, 'down');
    assert.equal(hung.error, 'thing did not answer within 20 ms');
    assert.equal(cleaned, 2);
  });
});

describe('safeMessage', () => {
  it('removes URLs of any scheme, bounds the length and falls back when there is nothing to say', () => {
    assert.equal(
      safeMessage(new Error('failed at https://user:pw@s3.example/bucket?X-Amz-Signature=abc now'), 'f'),
      'failed at [url] now',
    );
    assert.equal(safeMessage(new Error('x'.repeat(1000)), 'f').length, 300);
    assert.equal(safeMessage('not an error', 'fallback'), 'fallback');
    assert.equal(safeMessage(new Error(''), 'fallback'), 'fallback');
  });
});

describe('overallStatus', () => {
  it('is unavailable only when the database is down, degraded when any other check is not up', () => {
    assert.equal(overallStatus({ database: { status: 'up' }, redis: { status: 'skipped' } }), 'ok');
    assert.equal(overallStatus({ database: { status: 'up' }, n8n: { status: 'down' } }), 'degraded');
    assert.equal(overallStatus({ database: { status: 'up' }, disk: { status: 'degraded' } }), 'degraded');
    assert.equal(overallStatus({ database: { status: 'down' }, n8n: { status: 'up' } }), 'unavailable');
  });
});
