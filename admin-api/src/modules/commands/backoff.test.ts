import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKOFF, retryDelayMs } from './backoff.ts';

const almostOne = () => 1 - 2 ** -53;

describe('command retry backoff', () => {
  it('grows exponentially up to the cap and never goes below the floor', () => {
    assert.equal(
      retryDelayMs(1, () => 0),
      BACKOFF.floorMs,
    );
    assert.equal(retryDelayMs(1, almostOne), BACKOFF.baseMs - 1);
    assert.equal(retryDelayMs(3, almostOne), 4 * BACKOFF.baseMs - 1);
    assert.equal(retryDelayMs(50, almostOne), BACKOFF.capMs - 1);
    assert.equal(
      retryDelayMs(0, () => 0.5),
      retryDelayMs(1, () => 0.5),
    );
  });

  it('spreads delays over the whole window (full jitter)', () => {
    const delays = Array.from({ length: 2000 }, () => retryDelayMs(4));
    const ceiling = 8 * BACKOFF.baseMs;
    assert.ok(delays.every((d) => d >= BACKOFF.floorMs && d < ceiling));
    assert.ok(delays.some((d) => d < ceiling / 4) && delays.some((d) => d > (3 * ceiling) / 4));
  });
});
