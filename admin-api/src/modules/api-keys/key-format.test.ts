import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateApiKey, hashSecret, parseApiKey, sameHash } from './key-format.ts';

describe('API key format', () => {
  it('generates keys of the documented shape that parse back to the same id and hash', () => {
    for (const level of ['standard', 'high'] as const) {
      const generated = generateApiKey(level);
      assert.match(generated.key, new RegExp(`^chronos_${level}_[0-9A-Za-z]+$`));
      const parsed = parseApiKey(generated.key);
      assert.ok(parsed);
      assert.equal(parsed.level, level);
      assert.equal(parsed.publicId, generated.publicId);
      assert.ok(sameHash(parsed.secretHash, generated.secretHash));
    }
  });

  it('high keys carry a longer secret than standard keys', () => {
    assert.ok(
      generateApiKey('high').key.length - 'high'.length > generateApiKey('standard').key.length - 'standard'.length,
    );
  });

  it('refuses every single-character change through the checksum', () => {
    const { key } = generateApiKey();
    const prefix = 'chronos_standard_'.length;
    for (let i = prefix; i < key.length; i++) {
      const replacement = key[i] === 'a' ? 'b' : 'a';
      assert.equal(parseApiKey(key.slice(0, i) + replacement + key.slice(i + 1)), null, `changed position ${i}`);
    }
  });

  it('refuses truncated, extended, foreign and empty strings', () => {
    const { key } = generateApiKey();
    for (const bad of [
      key.slice(0, -1),
      `${key}x`,
      key.replace('chronos_', 'ghp_'),
      '',
      'chronos_standard_',
      'chronos_root_abc',
    ]) {
      assert.equal(parseApiKey(bad), null, bad);
    }
  });

  it('does not store or derive the secret from the public id', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    assert.notEqual(a.publicId, b.publicId);
    assert.ok(!sameHash(a.secretHash, b.secretHash));
    assert.ok(!sameHash(a.secretHash, hashSecret(a.publicId)));
  });
});
