// Ingest token strings: `chronos_ingest_<public id><secret><checksum>`, all base62 — the API
// key scheme (see ../api-keys/key-format.ts, whose helpers this reuses): the public id (12)
// finds the row, only the SHA-256 of the secret (32, ≥ 190 bits) is stored, and the CRC-32
// checksum (6) refuses typos and truncated pastes before any lookup. The `ingest` infix keeps
// them apart from API keys (`chronos_standard_…`, `chronos_high_…`), for people and for
// secret scanners alike.
import { checksum, hashSecret, randomBase62 } from '../api-keys/key-format.ts';

const PREFIX = 'chronos_ingest_';
const PUBLIC_ID_LENGTH = 12;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = new RegExp(`^${PREFIX}[0-9A-Za-z]{${PUBLIC_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH}}$`);

export type GeneratedToken = { token: string; publicId: string; tokenHash: Buffer };
export type ParsedToken = { publicId: string; tokenHash: Buffer };

export function generateIngestToken(): GeneratedToken {
  const publicId = randomBase62(PUBLIC_ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH);
  const body = `${PREFIX}${publicId}${secret}`;
  return { token: `${body}${checksum(body)}`, publicId, tokenHash: hashSecret(secret) };
}

/** Parses and checksum-checks a presented token; null for anything malformed. */
export function parseIngestToken(presented: string): ParsedToken | null {
  if (!TOKEN_PATTERN.test(presented)) return null;
  const body = presented.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== presented.slice(-CHECKSUM_LENGTH)) return null;
  const rest = body.slice(PREFIX.length);
  return { publicId: rest.slice(0, PUBLIC_ID_LENGTH), tokenHash: hashSecret(rest.slice(PUBLIC_ID_LENGTH)) };
}

/** Identifies a token without revealing it: `chronos_ingest_AbC…`. */
export const maskToken = (publicId: string) => `${PREFIX}${publicId}…`;
