// Standard Webhooks signing and verification: the specification's published test vector (as
// used by the reference libraries' own tests, standard-webhooks/standard-webhooks
// libraries/javascript/src/webhook.test.ts), the ±5 minute window at its exact edges, key
// rotation, and every way a message can be refused.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  generateSecret,
  isValidSecret,
  secretKey,
  sign,
  signatureHeaders,
  signingKey,
  verify,
  type HeaderSource,
} from './standard-webhooks.ts';

// The specification's vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const at = (seconds: number) => new Date(seconds * 1000);
const vectorHeaders = (signature = EXPECTED, timestamp = String(TIMESTAMP)): HeaderSource => ({
  'webhook-id': ID,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

describe('standard webhooks', () => {
  it('reproduces the specification test vector', () => {
    assert.equal(sign(SECRET, ID, TIMESTAMP, PAYLOAD), EXPECTED);
    assert.equal(sign(SECRET, ID, TIMESTAMP, Buffer.from(PAYLOAD)), EXPECTED);
    // Without the prefix the secret is the same key (as in the reference libraries).
    assert.equal(sign(SECRET.slice('whsec_'.length), ID, TIMESTAMP, PAYLOAD), EXPECTED);
    assert.deepEqual(signatureHeaders(SECRET, ID, PAYLOAD, at(TIMESTAMP)), {
      'webhook-id': ID,
      'webhook-timestamp': String(TIMESTAMP),
      'webhook-signature': EXPECTED,
    });
    assert.deepEqual(verify([SECRET], vectorHeaders(), PAYLOAD, at(TIMESTAMP)), {
      ok: true,
      id: ID,
      timestamp: TIMESTAMP,
    });
  });

  it('signs the same with a prepared signingKey as with the secret text, alone and next to a rotated secret', () => {
    const key = signingKey(SECRET);
    assert.equal(sign(key, ID, TIMESTAMP, PAYLOAD), EXPECTED);
    const other = generateSecret();
    assert.deepEqual(
      signatureHeaders([signingKey(other), key], ID, PAYLOAD, at(TIMESTAMP)),
      signatureHeaders([other, SECRET], ID, PAYLOAD, at(TIMESTAMP)),
    );
    assert.throws(() => signingKey('whsec_not base64!'), /not valid base64/);
  });

  it('signs the base64-decoded key bytes, not the secret text', () => {
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const manual = createHmac('sha256', key).update(`${ID}.${TIMESTAMP}.${PAYLOAD}`).digest('base64');
    assert.equal(`v1,${manual}`, EXPECTED);
    assert.deepEqual(secretKey(SECRET), key);
  });

  it('accepts timestamps up to 300 s old or ahead, and refuses 301 s', () => {
    const check = (offset: number) => {
      const signed = signatureHeaders(SECRET, ID, PAYLOAD, at(TIMESTAMP));
      return verify([SECRET], signed, PAYLOAD, at(TIMESTAMP + offset));
    };
    assert.equal(check(299).ok, true);
    assert.equal(check(300).ok, true);
    assert.deepEqual(check(301), {
      ok: false,
      reason: 'too_old',
      message: 'the message timestamp is more than 300 s old',
    });
    assert.equal(check(-299).ok, true);
    assert.equal(check(-300).ok, true);
    const future = check(-301);
    assert.equal(future.ok, false);
    assert.equal(!future.ok && future.reason, 'too_new');
  });

  it('allows several signatures (rotation): any v1 match passes, other versions are skipped', () => {
    const other = generateSecret();
    const rotating = signatureHeaders([other, SECRET], ID, PAYLOAD, at(TIMESTAMP));
    assert.equal(rotating['webhook-signature'].split(' ').length, 2);
    assert.equal(verify([SECRET], rotating, PAYLOAD, at(TIMESTAMP)).ok, true);
    assert.equal(verify([other], rotating, PAYLOAD, at(TIMESTAMP)).ok, true);
    // The receiver holding several secrets (its own rotation) accepts any of them.
    assert.equal(verify([generateSecret(), SECRET], vectorHeaders(), PAYLOAD, at(TIMESTAMP)).ok, true);
    // The reference libraries' multi-signature case: junk, a v2 with the right bytes, the valid one.
    const bytes = EXPECTED.slice(3);
    const mixed = [`v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=`, `v2,${bytes}`, EXPECTED].join(' ');
    assert.equal(verify([SECRET], vectorHeaders(mixed), PAYLOAD, at(TIMESTAMP)).ok, true);
    assert.equal(verify([SECRET], vectorHeaders(`v2,${bytes}`), PAYLOAD, at(TIMESTAMP)).ok, false);
  });

  it('refuses a wrong secret, a changed body, id or timestamp, and partial signatures', () => {
    const refused = (result: ReturnType<typeof verify>) => (result.ok ? 'accepted' : result.reason);
    assert.equal(refused(verify([generateSecret()], vectorHeaders(), PAYLOAD, at(TIMESTAMP))), 'bad_signature');
    assert.equal(refused(verify([SECRET], vectorHeaders(), '{"test": 2432232315}', at(TIMESTAMP))), 'bad_signature');
    assert.equal(refused(verify([SECRET], vectorHeaders(), `${PAYLOAD} `, at(TIMESTAMP))), 'bad_signature');
    assert.equal(
      refused(verify([SECRET], { ...vectorHeaders(), 'webhook-id': 'msg_other' }, PAYLOAD, at(TIMESTAMP))),
      'bad_signature',
    );
    assert.equal(
      refused(verify([SECRET], vectorHeaders(EXPECTED, String(TIMESTAMP + 1)), PAYLOAD, at(TIMESTAMP))),
      'bad_signature',
    );
    for (const partial of [EXPECTED.slice(0, 8), 'v1,', 'v1,dawfeoifkpqwoekfpqoekf', EXPECTED.slice(3), `${EXPECTED}A`])
      assert.equal(refused(verify([SECRET], vectorHeaders(partial), PAYLOAD, at(TIMESTAMP))), 'bad_signature', partial);
  });

  it('names missing headers and malformed timestamps, and needs a secret', () => {
    const without = (name: string) => {
      const headers = { ...(vectorHeaders() as Record<string, string>) };
      delete headers[name];
      return verify([SECRET], headers, PAYLOAD, at(TIMESTAMP));
    };
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const result = without(name);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, 'missing_headers');
      assert.match(!result.ok ? result.message : '', new RegExp(name));
    }
    for (const bad of ['hello', '1614265330.5', '-1', '1e9'])
      assert.equal(verify([SECRET], vectorHeaders(EXPECTED, bad), PAYLOAD, at(TIMESTAMP)).ok, false, bad);
    const noSecret = verify([], vectorHeaders(), PAYLOAD, at(TIMESTAMP));
    assert.equal(!noSecret.ok && noSecret.reason, 'no_secret');
  });

  it('reads Node header records (any case, repeated values) and fetch Headers', () => {
    const signed = signatureHeaders(SECRET, ID, PAYLOAD, at(TIMESTAMP));
    const upper = {
      'Webhook-Id': signed['webhook-id'],
      'WEBHOOK-TIMESTAMP': signed['webhook-timestamp'],
      'webhook-signature': ['v1,AAAA', signed['webhook-signature']],
    };
    assert.equal(verify([SECRET], upper, PAYLOAD, at(TIMESTAMP)).ok, true);
    assert.equal(verify([SECRET], new Headers(signed), PAYLOAD, at(TIMESTAMP)).ok, true);
  });

  it('generates distinct 32-byte secrets and validates secret input', () => {
    const a = generateSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(secretKey(a).length, 32);
    assert.notEqual(a, generateSecret());
    assert.ok(isValidSecret(a));
    assert.ok(isValidSecret(SECRET)); // 24 bytes, the minimum
    assert.ok(!isValidSecret(SECRET.slice('whsec_'.length)), 'the prefix is required in input');
    assert.ok(!isValidSecret('whsec_c2hvcnQ='), 'too short');
    assert.ok(!isValidSecret('whsec_not base64!!'));
    assert.ok(!isValidSecret(`whsec_${Buffer.alloc(65).toString('base64')}`), 'too long');
    assert.throws(() => sign('whsec_', ID, TIMESTAMP, PAYLOAD), /base64|empty/);
    assert.throws(() => sign('whsec_a$b=', ID, TIMESTAMP, PAYLOAD), /base64/);
    assert.throws(() => sign(SECRET, ID, 1.5, PAYLOAD), /whole seconds/);
  });
});
