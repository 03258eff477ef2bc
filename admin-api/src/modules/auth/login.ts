// POST /api/auth/login. Order matters:
//   1. rate limit per (e-mail, IP) — before any bcrypt work, so floods cost us little;
//   2. a locked account is refused (423) even with the right password;
//   3. the password is checked (a dummy hash for unknown e-mails: same time, same 401);
//   4. a failure counts towards the per-account lockout; a success resets it, opens a
//      session row and signs a token for it.
// Every attempt is audited (entity admin_user, action login); the password never is.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config.ts';
import { withTransaction } from '../../db/pool.ts';
import { HttpProblem, unauthorized } from '../../http/problem.ts';
import { tooManyRequests, tryConsume } from '../../http/rate-limit-store.ts';
import type { BackgroundTasks } from '../../background.ts';
import type { Logger } from '../../logger.ts';
import { appendAudit } from '../audit/repo.ts';
import { detectBruteForce } from '../security/detect.ts';
import { isLocked, recordFailedLogin, recordSuccessfulLogin } from '../users/lockout.ts';
import { verifyPassword } from '../users/passwords.ts';
import { findForLogin, type LoginRow } from '../users/repo.ts';
import type { SessionUser } from './schemas.ts';
import { insertSession } from './sessions-repo.ts';
import { SESSION_HOURS, signSessionToken } from './tokens.ts';

export const LOGIN_LIMIT = { points: 5, durationSeconds: 15 * 60 };

export type LoginDeps = {
  pool: pg.Pool;
  config: Config;
  limiter: RateLimiterAbstract;
  logger: Logger;
  background: BackgroundTasks;
};
export type LoginInput = { email: string; password: string; ip: string | null; userAgent: string | null };
export type LoginResult = { token: string; expires_at: string; user: SessionUser };

const WRONG = 'the e-mail address or password is wrong';

export function accountLocked(until: Date): HttpProblem {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new HttpProblem(423, 'Locked', {
    detail: `account locked until ${until.toISOString()} after too many failed logins; an admin can unlock it`,
    headers: { 'Retry-After': String(seconds) },
    extensions: { lockedUntil: until.toISOString() },
  });
}

type Attempt = { user?: LoginRow | undefined; success: boolean; riskScore: number; details: Record<string, unknown> };

function auditAttempt(client: pg.ClientBase, input: LoginInput, attempt: Attempt) {
  const user = attempt.user;
  return appendAudit(client, {
    actorType: attempt.success && user ? 'user' : 'anonymous',
    actorId: attempt.success && user ? user.id : null,
    // The e-mail that was tried, so failed attempts on unknown addresses are visible too.
    actorLabel: input.email,
    entity: 'admin_user',
    entityId: user?.id ?? null,
    action: 'login',
    success: attempt.success,
    riskScore: attempt.riskScore,
    ip: input.ip,
    userAgent: input.userAgent,
    details: attempt.details,
  });
}

export async function login(deps: LoginDeps, input: LoginInput): Promise<LoginResult> {
  const { pool } = deps;
  const audit = async (attempt: Attempt) => {
    await withTransaction(pool, (client) => auditAttempt(client, input, attempt));
    // A failed login counts towards brute-force detection for the client's address.
    if (!attempt.success) {
      deps.background.track(
        detectBruteForce(deps, {
          ip: input.ip ?? null,
          reason: String(attempt.details.reason),
          actor: { type: 'user', label: input.email },
        }),
      );
    }
  };

  const limitKey = `${input.email}|${input.ip ?? '-'}`;
  const limit = await tryConsume(deps.limiter, limitKey);
  if (!limit.allowed) {
    // Audit the first refusal of a window only: a flood must not flood the audit chain.
    if (limit.firstRefusal) await audit({ success: false, riskScore: 70, details: { reason: 'rate_limited' } });
    throw tooManyRequests(limit.res, 'login attempts for this e-mail address from your address');
  }

  const user = await findForLogin(pool, input.email);
  if (user && isLocked(user.locked_until)) {
    await audit({ user, success: false, riskScore: 60, details: { reason: 'locked' } });
    throw accountLocked(user.locked_until!);
  }

  if (!(await verifyPassword(input.password, user?.password_hash)) || !user) {
    if (!user) {
      await audit({ success: false, riskScore: 40, details: { reason: 'unknown_email' } });
    } else {
      await withTransaction(pool, async (client) => {
        const count = await recordFailedLogin(client, user.id);
        await auditAttempt(client, input, {
          user,
          success: false,
          riskScore: count.locked_now ? 80 : 40,
          details: {
            reason: 'wrong_password',
            failed_attempts: count.failed_attempts,
            ...(count.locked_now ? { locked_until: count.locked_until?.toISOString() } : {}),
          },
        });
      });
      deps.background.track(
        detectBruteForce(deps, {
          ip: input.ip ?? null,
          reason: 'wrong_password',
          actor: { type: 'user', label: input.email },
        }),
      );
    }
    throw unauthorized(WRONG);
  }

  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + SESSION_HOURS * 3_600_000);
  const jti = randomUUID();
  const result = await withTransaction(pool, async (client) => {
    if (!(await recordSuccessfulLogin(client, user.id, input.ip))) return undefined;
    const session = await insertSession(client, {
      jti,
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt,
    });
    const token = await signSessionToken(deps.config, { userId: user.id, jti, issuedAt, expiresAt });
    await auditAttempt(client, input, { user, success: true, riskScore: 10, details: { session_id: session.id } });
    return token;
  });
  if (!result) {
    // Locked by concurrent failures between the password check and now: the lock wins.
    const current = await findForLogin(pool, input.email);
    throw accountLocked(current?.locked_until ?? new Date(Date.now() + 60_000));
  }
  // A successful login clears this (e-mail, IP) window so normal use never trips the limit.
  await deps.limiter.delete(limitKey).catch(() => undefined);
  return {
    token: result,
    expires_at: expiresAt.toISOString(),
    user: {
      id: user.id,
      email: user.email,
      role: user.role,
      display_name: user.display_name,
      must_change_password: user.must_change_password,
    },
  };
}
