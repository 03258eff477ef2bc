// Console session tokens: HS256 JWTs with iss/aud from the configuration, `sub` = user id
// and `jti` = sessions.jti. The algorithm is pinned on verification, so a token announcing
// `none` or any other algorithm is refused whatever it carries. A valid signature is not
// enough on its own: session-auth.ts also requires the session row to be live.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config.ts';

export const SESSION_HOURS = 24;
const ALGORITHM = 'HS256';

type TokenConfig = Pick<Config, 'jwtSecret' | 'jwtIssuer' | 'jwtAudience'>;

const keyOf = (config: TokenConfig) => new TextEncoder().encode(config.jwtSecret);

export async function signSessionToken(
  config: TokenConfig,
  claims: { userId: string; jti: string; issuedAt: Date; expiresAt: Date },
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setJti(claims.jti)
    .setIssuer(config.jwtIssuer)
    .setAudience(config.jwtAudience)
    .setIssuedAt(Math.floor(claims.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(keyOf(config));
}

export type TokenCheck = { ok: true; userId: string; jti: string } | { ok: false; reason: string };

export async function verifySessionToken(config: TokenConfig, token: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keyOf(config), {
      algorithms: [ALGORITHM],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      requiredClaims: ['sub', 'jti', 'exp'],
    });
    return { ok: true, userId: payload.sub!, jti: payload.jti! };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the session token has expired; log in again' };
    return { ok: false, reason: 'the session token is not valid' };
  }
}

/** Three base64url segments: worth verifying as a JWT (anything else is not a credential). */
export const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
