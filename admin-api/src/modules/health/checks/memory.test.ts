import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { memoryFigures, parseMeminfo } from './memory.ts';

const SAMPLE = `MemTotal:       24573596 kB
MemFree:          812344 kB
MemAvailable:   18234120 kB
Buffers:          123456 kB
`;

describe('memory figures', () => {
  it('reads MemTotal and MemAvailable (not MemFree) in bytes', () => {
    assert.deepEqual(parseMeminfo(SAMPLE), { totalBytes: 24573596 * 1024, availableBytes: 18234120 * 1024 });
  });

  it('gives up on text without MemAvailable (kernels before 3.14) instead of guessing', () => {
    assert.equal(parseMeminfo('MemTotal: 1000 kB\nMemFree: 10 kB\n'), undefined);
    assert.equal(parseMeminfo(''), undefined);
  });

  it('falls back to Node figures when the meminfo file cannot be read', async () => {
    const missing = path.join(os.tmpdir(), 'chronos-no-meminfo', 'meminfo');
    const figures = await memoryFigures(missing);
    assert.equal(figures.source, 'os');
    assert.equal(figures.totalBytes, os.totalmem());
  });

  it('reads the real /proc/meminfo (Chronos runs on Linux)', async () => {
    const figures = await memoryFigures();
    assert.equal(figures.source, 'meminfo');
    assert.ok(figures.availableBytes > 0 && figures.availableBytes <= figures.totalBytes);
  });
});
