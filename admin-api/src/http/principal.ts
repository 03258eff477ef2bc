// Who is calling, and what they may do. API keys carry scopes (`admin` implies all of
// them); console users carry a role: `admin` may do everything, `viewer` may only read.
import type { Response } from 'express';
import type { Scope } from '../modules/api-keys/scopes.ts';
import type { ActorType } from '../modules/audit/repo.ts';

export type Principal =
  | { type: 'api_key'; id: string; name: string; scopes: string[] }
  | { type: 'user'; id: string; email: string; role: 'admin' | 'viewer'; sessionId: string };

/**
 * What a route needs: a scope; `authenticated` (any caller, writes by admins only); or
 * `session` — a console user acting on their own account (logout, own sessions, own
 * password), which a viewer may do too and API keys cannot.
 */
export type Access = { scope: Scope | 'authenticated' | 'session'; write: boolean };

export function isAllowed(principal: Principal, access: Access): boolean {
  if (access.scope === 'session') return principal.type === 'user';
  if (access.scope === 'authenticated')
    return principal.type === 'user' ? !access.write || principal.role === 'admin' : true;
  if (principal.type === 'api_key')
    return principal.scopes.includes('admin') || principal.scopes.includes(access.scope);
  return principal.role === 'admin' || !access.write;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('route used without authentication');
  return principal;
}

export type AuditActor = {
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string | null;
  scope?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

/** The audit columns describing the caller of this request. */
export function auditActor(res: Response, scope?: string): AuditActor {
  const principal = res.locals.principal as Principal | undefined;
  const req = res.req;
  const base = { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null, scope: scope ?? null };
  if (!principal) return { actorType: 'anonymous', actorId: null, actorLabel: null, ...base };
  if (principal.type === 'api_key')
    return { actorType: 'api_key', actorId: principal.id, actorLabel: principal.name, ...base };
  return { actorType: 'user', actorId: principal.id, actorLabel: principal.email, ...base };
}
