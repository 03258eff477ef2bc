// Standard Webhooks (https://www.standardwebhooks.com), symmetric scheme, for both directions:
// admin-api signs what it delivers to subscriptions and verifies callbacks into it; the n8n
// nodes verify what they receive. Used by both, so it depends on node:crypto only and on no
// ESM-only or admin-api module.
//
//   headers    webhook-id, webhook-timestamp (Unix seconds), webhook-signature
//   signature  "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)); several
//              space-separated signatures may be sent (key rotation): one match is enough
//   secret     "whsec_" + base64(key bytes); the key is the decoded bytes, not the text
//   tolerance  ±5 minutes around the receiver's clock (replay window; record seen ids too)
//
// The signature covers the body exactly as sent: verify the raw bytes, never a re-serialised
// JSON value (key order, spacing and number formatting would change it).
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
export const TOLERANCE_SECONDS = 5 * 60;
/** Key sizes the specification allows (24 to 64 bytes); generated keys have 32. */
export const MIN_KEY_BYTES = 24;
export const MAX_KEY_BYTES = 64;

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Node's IncomingHttpHeaders, a plain record, or a fetch `Headers` object. */
export type HeaderSource = Record<string, string | string[] | undefined> | { get(name: string): string | null };

export type VerifyFailure =
  /** webhook-id, webhook-timestamp or webhook-signature is absent or empty. */
  | 'missing_headers'
  /** webhook-timestamp is not a whole number of seconds. */
  | 'invalid_timestamp'
  | 'too_old'
  | 'too_new'
  /** No secret to verify with (e.g. none configured). */
  | 'no_secret'
  /** No v1 signature matches any of the secrets. */
  | 'bad_signature';

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: VerifyFailure; message: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key bytes of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Buffer.from(…, 'base64') skips characters it does not know: check the alphabet first so
  // a mistyped secret is an error instead of a different key.
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new Error('webhook secret is not valid base64');
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('webhook secret is empty');
  return key;
}

/** Whether `secret` is a well-formed `whsec_…` secret of an allowed size (for input validation). */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  try {
    const length = secretKey(secret).length;
    return length >= MIN_KEY_BYTES && length <= MAX_KEY_BYTES;
  } catch {
    return false;
  }
}

/** A new random secret: `whsec_` + 32 random bytes in base64. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * A secret prepared for signing many messages. createHmac turns a key given as bytes into a
 * key object on every call, which costs several times the HMAC itself (15 µs against 2.5 µs
 * per signature); a sender that signs a stream of messages with one secret prepares it once.
 */
export function signingKey(secret: string): KeyObject {
  return createSecretKey(secretKey(secret));
}

function hmac(key: Buffer | KeyObject, id: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest();
}

/** The `v1,<base64>` signature of one message, with a `whsec_…` secret or its signingKey(). */
export function sign(
  secret: string | KeyObject,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  if (!Number.isSafeInteger(timestampSeconds)) throw new Error('the timestamp must be whole seconds');
  const key = typeof secret === 'string' ? secretKey(secret) : secret;
  return `v1,${hmac(key, id, timestampSeconds, body).toString('base64')}`;
}

const secondsOf = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * The three headers for sending `body` as message `id`. With several secrets (rotation) the
 * signature header carries one signature per secret, so receivers holding either accept it.
 */
export function signatureHeaders(
  secret: string | KeyObject | Array<string | KeyObject>,
  id: string,
  body: string | Uint8Array,
  now: Date = new Date(),
): WebhookHeaders {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secrets.length === 0) throw new Error('no webhook secret to sign with');
  const timestamp = secondsOf(now);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
  };
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function')
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  return Array.isArray(value) ? value.join(' ') : value;
}

const fail = (reason: VerifyFailure, message: string): VerifyResult => ({ ok: false, reason, message });

/**
 * Checks a received message against one or several secrets (several during a rotation).
 * Order: headers, timestamp window, then signatures — a stale message is refused without
 * spending HMACs on it. Throws only for a malformed *secret* (a configuration error), never
 * for anything the sender controls.
 */
export function verify(
  secrets: readonly string[],
  headers: HeaderSource,
  rawBody: string | Uint8Array,
  now: Date = new Date(),
  toleranceSeconds: number = TOLERANCE_SECONDS,
): VerifyResult {
  const id = header(headers, 'webhook-id')?.trim();
  const timestampText = header(headers, 'webhook-timestamp')?.trim();
  const signatures = header(headers, 'webhook-signature')?.trim();
  if (!id || !timestampText || !signatures) {
    const missing = [
      ['webhook-id', id],
      ['webhook-timestamp', timestampText],
      ['webhook-signature', signatures],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name);
    return fail('missing_headers', `missing ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}`);
  }
  if (!/^\d{1,15}$/.test(timestampText))
    return fail('invalid_timestamp', 'webhook-timestamp must be Unix time in whole seconds');
  const timestamp = Number(timestampText);
  const current = secondsOf(now);
  if (current - timestamp > toleranceSeconds)
    return fail('too_old', `the message timestamp is more than ${toleranceSeconds} s old`);
  if (timestamp - current > toleranceSeconds)
    return fail('too_new', `the message timestamp is more than ${toleranceSeconds} s in the future`);
  if (secrets.length === 0) return fail('no_secret', 'there is no secret to verify the message with');

  const candidates = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'utf8'));
  for (const secret of secrets) {
    const expected = Buffer.from(hmac(secretKey(secret), id, timestamp, rawBody).toString('base64'), 'utf8');
    for (const candidate of candidates) {
      // Equal lengths first (timingSafeEqual requires it; the length is no secret).
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        return { ok: true, id, timestamp };
      }
    }
  }
  return fail('bad_signature', 'no signature matches');
}
