// AES-256-GCM for secrets at rest (settings, webhook secrets). Each seal uses a fresh random
// 12-byte nonce (GCM must never reuse a nonce under one key); the 16-byte auth tag is
// appended to the ciphertext, as migrations/0004 describes. The caller binds the ciphertext to
// its row with additional authenticated data (e.g. 'settings:smtp'), so a ciphertext copied
// into another row does not decrypt. The key id is a fingerprint of the key (not the key): it
// tells which key sealed a box, so a key change is reported clearly instead of as tampering.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type SealedBox = { ciphertext: Buffer; nonce: Buffer; keyId: string };

export class SecretBoxError extends Error {
  readonly reason: 'wrong_key' | 'tampered' | 'malformed';
  constructor(reason: SecretBoxError['reason'], message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.reason = reason;
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
}

/** A stable, non-reversible identifier of a key: `k1-` + 16 hex characters of an HMAC. */
export function keyIdOf(key: Buffer): string {
  checkKey(key);
  return `k1-${createHmac('sha256', key).update('chronos secret-box key id').digest('hex').slice(0, 16)}`;
}

export function seal(key: Buffer, plaintext: Buffer | string, aad: string): SealedBox {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: Buffer.concat([body, cipher.getAuthTag()]), nonce, keyId: keyIdOf(key) };
}

/** Decrypts and authenticates; throws SecretBoxError for a wrong key, a changed box or AAD. */
export function open(key: Buffer, box: SealedBox, aad: string): Buffer {
  if (box.keyId !== keyIdOf(key))
    throw new SecretBoxError('wrong_key', `the secret was sealed with key ${box.keyId}, not the configured key`);
  if (box.nonce.length !== NONCE_BYTES || box.ciphertext.length < TAG_BYTES)
    throw new SecretBoxError('malformed', 'the sealed secret is malformed');
  const decipher = createDecipheriv(ALGORITHM, key, box.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(box.ciphertext.subarray(box.ciphertext.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(box.ciphertext.subarray(0, box.ciphertext.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new SecretBoxError('tampered', 'the sealed secret failed authentication (changed, or bound to another row)');
  }
}

export const sealJson = (key: Buffer, value: unknown, aad: string): SealedBox => seal(key, JSON.stringify(value), aad);

export const openJson = <T = unknown>(key: Buffer, box: SealedBox, aad: string): T =>
  JSON.parse(open(key, box, aad).toString('utf8')) as T;
