import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filenameFromDisposition } from './download-name.ts';

describe('filenameFromDisposition', () => {
  it('takes the quoted file name', () => {
    assert.equal(filenameFromDisposition('attachment; filename="chronos-2026.zip"', 'x.zip'), 'chronos-2026.zip');
  });
  it('takes an unquoted file name', () => {
    assert.equal(filenameFromDisposition('attachment; filename=plain.zip', 'x.zip'), 'plain.zip');
  });
  it('prefers the RFC 5987 name', () => {
    assert.equal(
      filenameFromDisposition(`attachment; filename="a.zip"; filename*=UTF-8''b%C3%A4ckup.zip`, 'x.zip'),
      'bäckup.zip',
    );
  });
  it('falls back without a header or name, and drops path separators', () => {
    assert.equal(filenameFromDisposition(null, 'backup-1.zip'), 'backup-1.zip');
    assert.equal(filenameFromDisposition('attachment', 'backup-1.zip'), 'backup-1.zip');
    assert.equal(filenameFromDisposition('attachment; filename="../../etc/x.zip"', 'f.zip'), '....etcx.zip');
    assert.equal(filenameFromDisposition('attachment; filename="/"', 'f.zip'), 'f.zip');
  });
});
