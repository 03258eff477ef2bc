// The JWT half of authentication: a console session token is accepted only with a valid
// signature (HS256, our issuer and audience, not expired) AND a live session row. The user
// is read fresh on every request, so a role change or a deleted user takes effect at once.
import type { AppContext } from '../../context.ts';
import type { Principal } from '../../http/principal.ts';
import { unauthorized } from '../../http/problem.ts';
import { findLiveSession, touchSession } from './sessions-repo.ts';
import { verifySessionToken } from './tokens.ts';

// last_seen_at is informational ("active sessions"): refresh it at most once a minute per
// session rather than writing on every request.
const TOUCH_AFTER_MS = 60_000;

export async function authenticateSession(ctx: AppContext, token: string): Promise<Principal> {
  const check = await verifySessionToken(ctx.config, token);
  if (!check.ok) throw unauthorized(check.reason);
  const session = await findLiveSession(ctx.pool, check.jti, check.userId);
  if (!session) throw unauthorized('the session has ended (logged out, revoked or expired); log in again');
  if (!session.last_seen_at || Date.now() - session.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    touchSession(ctx.pool, session.session_id).catch((error: Error) =>
      ctx.logger.warn({ err: { message: error.message } }, 'could not record session activity'),
    );
  }
  return {
    type: 'user',
    id: session.user_id,
    email: session.email,
    role: session.role,
    sessionId: session.session_id,
  };
}
