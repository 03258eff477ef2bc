import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSecret, sign, verify } from '../../../shared/standard-webhooks.ts';
import { buildTestMessage, signMessage } from './test-message.ts';

describe('subscription test message', () => {
  it('signs exactly like the server', async () => {
    const secret = generateSecret();
    assert.equal(
      await signMessage(secret, 'msg_1', 1700000000, '{"a":1}'),
      sign(secret, 'msg_1', 1700000000, '{"a":1}'),
    );
  });

  it('builds a message the server verifies', async () => {
    const secret = generateSecret();
    const now = new Date();
    const message = await buildTestMessage(secret, 'sub-1', now);
    const result = verify([secret], message.headers, message.body, now);
    assert.equal(result.ok, true);
  });

  it('refuses a secret that is not base64', async () => {
    await assert.rejects(signMessage('whsec_***', 'x', 1, ''), /not valid base64/);
  });
});
