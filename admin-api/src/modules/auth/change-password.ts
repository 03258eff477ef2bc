// POST /api/auth/change-password: the current password proves it is really the user (a
// stolen token alone cannot take over the account), the new one must meet the SPEC rule and
// differ from the last 5. Success clears must_change_password and ends every other session
// of the user (whoever else might know the old password is logged out).
import type pg from 'pg';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, unauthorized } from '../../http/problem.ts';
import { tooManyRequests, tryConsume } from '../../http/rate-limit-store.ts';
import { appendAudit } from '../audit/repo.ts';
import { hashPassword, matchesAny, PASSWORD_HISTORY_DEPTH, policyErrors, verifyPassword } from '../users/passwords.ts';
import * as users from '../users/repo.ts';
import type { SessionUser } from './schemas.ts';
import { revokeAllSessions } from './sessions-repo.ts';

export const WRONG_CURRENT_LIMIT = { points: 5, durationSeconds: 15 * 60 };

export type ChangePasswordInput = { userId: string; sessionId: string; current: string; next: string };

export async function changePassword(
  deps: { pool: pg.Pool; limiter: RateLimiterAbstract },
  input: ChangePasswordInput,
  actor: AuditActor,
): Promise<{ user: SessionUser; revoked_sessions: number }> {
  const { pool } = deps;
  // Guessing the current password with a stolen token is limited like logins are; only
  // wrong guesses count, and a blocked user is refused before any comparison.
  const blocked = await deps.limiter.get(input.userId);
  if (blocked && blocked.consumedPoints >= deps.limiter.points)
    throw tooManyRequests(blocked, 'wrong current passwords');

  const currentHash = await users.passwordHashOf(pool, input.userId);
  if (!currentHash) throw unauthorized('the account no longer exists');
  if (!(await verifyPassword(input.current, currentHash))) {
    const limit = await tryConsume(deps.limiter, input.userId);
    await withTransaction(pool, (client) =>
      appendAudit(client, {
        ...actor,
        entity: 'admin_user',
        entityId: input.userId,
        action: 'change_password',
        success: false,
        riskScore: 50,
        details: { reason: 'wrong_current_password' },
      }),
    );
    if (!limit.allowed) throw tooManyRequests(limit.res, 'wrong current passwords');
    throw badRequest('current_password: is not your current password', {
      current_password: 'is not your current password',
    });
  }

  const weak = policyErrors('new_password', input.next);
  if (weak) throw badRequest(`new_password: ${weak.new_password}`, weak);
  const recent = await users.recentPasswordHashes(pool, input.userId, PASSWORD_HISTORY_DEPTH);
  if (await matchesAny(input.next, [currentHash, ...recent])) {
    const message = `must differ from your last ${PASSWORD_HISTORY_DEPTH} passwords`;
    throw badRequest(`new_password: ${message}`, { new_password: message });
  }
  const newHash = await hashPassword(input.next);

  return withTransaction(pool, async (client) => {
    // The hash must still be the one checked above: two concurrent changes cannot both win.
    if ((await users.passwordHashOf(client, input.userId, true)) !== currentHash) {
      throw badRequest('current_password: the password was changed meanwhile', {
        current_password: 'was changed meanwhile; try again',
      });
    }
    await users.setPassword(client, input.userId, newHash, PASSWORD_HISTORY_DEPTH);
    const revoked = await revokeAllSessions(client, input.userId, input.sessionId);
    const user = (await users.getUser(client, input.userId))!;
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: input.userId,
      action: 'change_password',
      riskScore: 30,
      details: { revoked_sessions: revoked },
    });
    return {
      user: {
        id: user.id,
        email: user.email,
        role: user.role,
        display_name: user.display_name,
        must_change_password: user.must_change_password,
      },
      revoked_sessions: revoked,
    };
  });
}
