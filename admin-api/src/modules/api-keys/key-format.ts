// API key strings: `chronos_<level>_<public id><secret><checksum>`, all base62.
//   - level: `standard` or `high` (high keys carry a longer secret);
//   - public id (12 chars): stored in clear, used to find the key row without a scan;
//   - secret (32 or 40 chars): only its SHA-256 is stored — the secret has ≥ 190 bits of
//     entropy, so a slow password hash would add latency without adding safety;
//   - checksum (6 chars): CRC-32 of everything before it, so a typo or a truncated paste is
//     refused before any database lookup, and secret scanners can recognise real keys.
import { hash, randomInt, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const KEY_LEVELS = ['standard', 'high'] as const;
export type KeyLevel = (typeof KEY_LEVELS)[number];

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PUBLIC_ID_LENGTH = 12;
const CHECKSUM_LENGTH = 6;
const SECRET_LENGTH: Record<KeyLevel, number> = { standard: 32, high: 40 };
const KEY_PATTERN = /^chronos_(standard|high)_([0-9A-Za-z]+)$/;

/** Exported for other token formats (ingest tokens) that follow the same scheme. */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

export function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

export type GeneratedKey = { key: string; level: KeyLevel; publicId: string; secretHash: Buffer };
export type ParsedKey = { level: KeyLevel; publicId: string; secretHash: Buffer };

export function hashSecret(secret: string): Buffer {
  // One-shot hash: no Hash object per request (this runs on every API-key request).
  return hash('sha256', secret, 'buffer');
}

export function generateApiKey(level: KeyLevel = 'standard'): GeneratedKey {
  const publicId = randomBase62(PUBLIC_ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH[level]);
  const body = `chronos_${level}_${publicId}${secret}`;
  return { key: `${body}${checksum(body)}`, level, publicId, secretHash: hashSecret(secret) };
}

/** Parses and checksum-checks a presented key; returns null for anything malformed. */
export function parseApiKey(presented: string): ParsedKey | null {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const level = match[1] as KeyLevel;
  const rest = match[2]!;
  if (rest.length !== PUBLIC_ID_LENGTH + SECRET_LENGTH[level] + CHECKSUM_LENGTH) return null;
  const body = presented.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== presented.slice(-CHECKSUM_LENGTH)) return null;
  const publicId = rest.slice(0, PUBLIC_ID_LENGTH);
  const secret = rest.slice(PUBLIC_ID_LENGTH, PUBLIC_ID_LENGTH + SECRET_LENGTH[level]);
  return { level, publicId, secretHash: hashSecret(secret) };
}

/** Constant-time comparison of two secret hashes. */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A display form that identifies a key without revealing it: `chronos_standard_AbC…xyz`. */
export function maskKey(publicId: string, level: KeyLevel): string {
  return `chronos_${level}_${publicId}…`;
}
