// Routes a console user calls on their own account (logout, sessions, password): access
// level `session` (see http/principal.ts) — any logged-in user, viewers included, and no
// API keys. The handler gets the caller as a typed user principal.
import type { Principal } from '../../http/principal.ts';
import { route, type HandlerInput, type RouteHost, type RouteSpec } from '../../http/route.ts';

export type UserPrincipal = Extract<Principal, { type: 'user' }>;

type SelfSpec<P, Q, B, R> = Omit<RouteSpec<P, Q, B, R>, 'scope' | 'handler'> & {
  handler: (input: HandlerInput<P, Q, B> & { user: UserPrincipal }) => Promise<R> | R;
};

export function selfRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  host: RouteHost,
  spec: SelfSpec<P, Q, B, R>,
): void {
  route<P, Q, B, R>(host, {
    ...spec,
    scope: 'session',
    // route.ts lets only user principals through a `session` route.
    handler: (input) => spec.handler({ ...input, user: input.principal as UserPrincipal }),
  });
}
