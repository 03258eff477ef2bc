// The "send test" of a subscription: a Standard Webhooks message signed in the browser with
// the subscription's secret (WebCrypto HMAC-SHA256, the same scheme as shared/standard-webhooks.ts)
// and posted to POST /api/v1/webhooks/test/{id}, which verifies it with the stored secret.
// A pass proves the secret the receiver holds is the one Chronos signs with. The secret is only
// known right after creation or rotation (or when pasted), so it never has to be stored.
export const SECRET_PREFIX = 'whsec_';

function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
    throw new Error('webhook secret is not valid base64');
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export async function signMessage(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', keyBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${base64(mac)}`;
}

export type TestMessage = { body: string; headers: Record<string, string> };

export async function buildTestMessage(secret: string, subscriptionId: string, now: Date): Promise<TestMessage> {
  const id = `msg_console_test_${crypto.randomUUID()}`;
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({
    id,
    type: 'console.test',
    timestamp: now.toISOString(),
    data: { subscription_id: subscriptionId },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': await signMessage(secret, id, timestamp, body),
    },
  };
}
