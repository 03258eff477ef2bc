import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedRun } from './cache.ts';

describe('cachedRun', () => {
  it('shares one run between concurrent callers and reuses its result within the ttl', async () => {
    let runs = 0;
    let release!: () => void;
    const get = cachedRun(60_000, async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
      return runs;
    });
    const burst = [get(), get(), get()];
    release();
    assert.deepEqual(await Promise.all(burst), [1, 1, 1]);
    assert.equal(await get(), 1);
    assert.equal(runs, 1);
  });

  it('runs again once the ttl has passed (ttl 0: every call after the last one settled)', async () => {
    let runs = 0;
    const get = cachedRun(0, async () => ++runs);
    assert.equal(await get(), 1);
    assert.equal(await get(), 2);
  });

  it('does not keep a failed run', async () => {
    let runs = 0;
    const get = cachedRun(60_000, async () => {
      runs++;
      if (runs === 1) throw new Error('first run fails');
      return runs;
    });
    await assert.rejects(get(), /first run fails/);
    assert.equal(await get(), 2);
    assert.equal(await get(), 2);
  });
});
