// Authentication: `Authorization: Bearer <credential>`. API keys (chronos_…) are checked
// here; admin-user JWTs arrive with the users module. The resolved principal is put in
// res.locals.principal for authorisation and auditing further down.
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { recordUse } from '../modules/api-keys/repo.ts';
import { verifyApiKey } from '../modules/api-keys/service.ts';
import type { Principal } from './principal.ts';
import { unauthorized } from './problem.ts';

export type { Principal };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) throw unauthorized('authentication required: send Authorization: Bearer <API key>');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('the Authorization header must be "Bearer <API key>"');
    if (!token.startsWith('chronos_')) throw unauthorized('the bearer token is not a Chronos API key');
    const row = await verifyApiKey(ctx.pool, token);
    const principal: Principal = { type: 'api_key', id: row.id, name: row.name, scopes: row.scopes };
    res.locals.principal = principal;
    // Usage statistics must not slow the request down or fail it.
    recordUse(ctx.pool, row.id, req.ip).catch((error: Error) =>
      ctx.logger.warn({ err: { message: error.message }, apiKeyId: row.id }, 'could not record API key use'),
    );
    next();
  };
}
