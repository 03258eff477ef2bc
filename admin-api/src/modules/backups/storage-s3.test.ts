import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partSizeFor } from './storage-s3.ts';

const MiB = 1024 * 1024;

describe('S3 part sizes', () => {
  it('start at the configured size and double every 1000 parts', () => {
    assert.equal(partSizeFor(8 * MiB, 1), 8 * MiB);
    assert.equal(partSizeFor(8 * MiB, 1000), 8 * MiB);
    assert.equal(partSizeFor(8 * MiB, 1001), 16 * MiB);
    assert.equal(partSizeFor(8 * MiB, 10_000), 8 * MiB * 512);
  });

  it('let 10,000 parts hold far more than any database, while 8 MiB parts alone would stop at 80 GiB', () => {
    let total = 0;
    for (let n = 1; n <= 10_000; n++) total += partSizeFor(8 * MiB, n);
    assert.ok(total > 5 * 1024 ** 4, `${total} bytes`); // S3's largest object: 5 TiB
    assert.equal(8 * MiB * 10_000, 80 * 1000 * MiB);
  });
});
