import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyIdOf, open, openJson, seal, sealJson, SecretBoxError } from './secret-box.ts';

const key = randomBytes(32);

describe('secret box (AES-256-GCM)', () => {
  it('round-trips with a fresh 12-byte nonce each time and the tag appended', () => {
    const a = seal(key, 'hunter2', 'settings:smtp');
    const b = seal(key, 'hunter2', 'settings:smtp');
    assert.equal(a.nonce.length, 12);
    assert.notDeepEqual(a.nonce, b.nonce);
    assert.notDeepEqual(a.ciphertext, b.ciphertext);
    assert.equal(a.ciphertext.length, 'hunter2'.length + 16);
    assert.ok(!a.ciphertext.includes(Buffer.from('hunter2')));
    assert.equal(open(key, a, 'settings:smtp').toString(), 'hunter2');
    assert.equal(a.keyId, keyIdOf(key));
    assert.ok(!a.keyId.includes(key.toString('hex').slice(0, 8)));
  });

  it('round-trips JSON objects', () => {
    const box = sealJson(key, { password: 'p', token: 'ü€' }, 'settings:x');
    assert.deepEqual(openJson(key, box, 'settings:x'), { password: 'p', token: 'ü€' });
  });

  it('detects any changed byte of ciphertext, tag or nonce', () => {
    const box = seal(key, 'a secret value', 'settings:smtp');
    for (let i = 0; i < box.ciphertext.length; i++) {
      const ciphertext = Buffer.from(box.ciphertext);
      ciphertext[i]! ^= 0x01;
      assert.throws(
        () => open(key, { ...box, ciphertext }, 'settings:smtp'),
        (e: SecretBoxError) => e.reason === 'tampered',
      );
    }
    const nonce = Buffer.from(box.nonce);
    nonce[0]! ^= 0x80;
    assert.throws(() => open(key, { ...box, nonce }, 'settings:smtp'), SecretBoxError);
    assert.throws(
      () => open(key, { ...box, ciphertext: box.ciphertext.subarray(0, 10) }, 'settings:smtp'),
      SecretBoxError,
    );
  });

  it('refuses a box moved to another row (wrong AAD)', () => {
    const box = seal(key, 'x', 'settings:smtp');
    assert.throws(
      () => open(key, box, 'settings:telegram'),
      (e: SecretBoxError) => e.reason === 'tampered',
    );
  });

  it('reports a box sealed with another key as wrong_key, and a forged key id as tampered', () => {
    const other = randomBytes(32);
    const box = seal(other, 'x', 'settings:smtp');
    assert.throws(
      () => open(key, box, 'settings:smtp'),
      (e: SecretBoxError) => e.reason === 'wrong_key',
    );
    assert.throws(
      () => open(key, { ...box, keyId: keyIdOf(key) }, 'settings:smtp'),
      (e: SecretBoxError) => e.reason === 'tampered',
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    assert.throws(() => seal(randomBytes(16), 'x', 'a'));
  });
});
