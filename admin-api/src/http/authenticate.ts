// Authentication: `Authorization: Bearer <credential>`. A credential starting with
// `chronos_` is an API key; anything else is taken as a console session JWT (see
// modules/auth/session-auth.ts). limitAuthenticated() (rate-limit.ts) puts the resolved principal
// in res.locals.principal for authorisation and auditing further down.
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { verifyApiKey } from '../modules/api-keys/service.ts';
import { parseApiKey } from '../modules/api-keys/key-format.ts';
import { onApiKeyUsed, onAuthFailure } from '../modules/security/detect.ts';
import { authenticateSession } from '../modules/auth/session-auth.ts';
import { looksLikeJwt } from '../modules/auth/tokens.ts';
import type { Principal } from './principal.ts';
import { unauthorized } from './problem.ts';

export type { Principal };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves the caller of a request, or throws a 401 problem. */
export async function resolvePrincipal(
  ctx: AppContext,
  header: string | undefined,
  ip: string | undefined,
  userAgent?: string,
): Promise<Principal> {
  if (!header) throw unauthorized('authentication required: send Authorization: Bearer <API key or session token>');
  const token = BEARER.exec(header)?.[1];
  if (!token) throw unauthorized('the Authorization header must be "Bearer <API key>" or "Bearer <session token>"');
  if (!token.startsWith('chronos_')) {
    if (!looksLikeJwt(token)) throw unauthorized('the bearer token is not a Chronos API key or session token');
    return authenticateSession(ctx, token);
  }
  let row;
  try {
    row = await verifyApiKey(ctx.pool, token, ctx.apiKeyCache);
  } catch (error) {
    // Audited and counted towards brute-force detection; never slows the answer down.
    const publicId = parseApiKey(token)?.publicId ?? null;
    ctx.background.track(
      onAuthFailure(ctx, {
        ip: ip ?? null,
        reason: 'invalid_api_key',
        actor: { type: 'api_key', label: publicId },
        userAgent: userAgent ?? null,
      }),
    );
    throw error;
  }
  ctx.usage.record(row.id, ip);
  if (ctx.usage.firstSeen(row.id, ip)) {
    ctx.background.track(onApiKeyUsed(ctx, { keyId: row.id, keyName: row.name, ip: ip ?? null, scopes: row.scopes }));
  }
  return { type: 'api_key', id: row.id, name: row.name, scopes: row.scopes } satisfies Principal;
}

/** For limitAuthenticated(): the caller of an Express request. */
export const requestPrincipal = (ctx: AppContext) => (req: Request, ip: string) =>
  resolvePrincipal(ctx, req.get('authorization'), ip, req.get('user-agent'));
