import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatePassword, passwordProblems } from './password-policy.ts';

describe('admin password policy', () => {
  it('accepts a password meeting every requirement, unicode included', () => {
    assert.deepEqual(passwordProblems('Correct-Horse-9'), []);
    assert.deepEqual(passwordProblems('Ärger über 9 Öfen!'), []);
  });

  it('names each unmet requirement', () => {
    assert.deepEqual(passwordProblems('short'), [
      'at least 12 characters',
      'an upper-case letter',
      'a digit',
      'a special character',
    ]);
    assert.deepEqual(passwordProblems('alllowercase1!'), ['an upper-case letter']);
    assert.deepEqual(passwordProblems('NoDigitsHere!!'), ['a digit']);
    assert.deepEqual(passwordProblems('NoSpecials1234'), ['a special character']);
  });

  it('generates passwords that always pass and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      assert.deepEqual(passwordProblems(password), [], password);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
  });
});
