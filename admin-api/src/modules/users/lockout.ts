// Account lockout (SPEC 3.5): 5 failed logins lock the account for 30 minutes. Counted in
// admin_users, not in the rate-limit store, so it holds across replicas, restarts and IP
// addresses (an attacker rotating IPs still locks the account, not just one address).
import type pg from 'pg';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export const isLocked = (lockedUntil: Date | null, now = new Date()) => lockedUntil !== null && lockedUntil > now;

/**
 * Counts one failure atomically (concurrent failures cannot lose a count). A lock that has
 * already run out starts a fresh count, so an expired lock does not re-lock on the next typo.
 */
export async function recordFailedLogin(
  db: Queryable,
  id: string,
): Promise<{ failed_attempts: number; locked_until: Date | null; locked_now: boolean }> {
  const result = await db.query<{ failed_attempts: number; locked_until: Date | null; locked_now: boolean }>(
    `WITH counted AS (
       SELECT id, CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                       ELSE failed_attempts + 1 END AS attempts
         FROM admin_users WHERE id = $1 FOR UPDATE)
     UPDATE admin_users u
        SET failed_attempts = c.attempts,
            locked_until = CASE WHEN c.attempts >= $2 THEN now() + make_interval(mins => $3)
                                WHEN u.locked_until <= now() THEN NULL ELSE u.locked_until END
       FROM counted c WHERE u.id = c.id
     RETURNING u.failed_attempts, u.locked_until, c.attempts = $2 AS locked_now`,
    [id, MAX_FAILED_ATTEMPTS, LOCK_MINUTES],
  );
  return result.rows[0] ?? { failed_attempts: 0, locked_until: null, locked_now: false };
}

/**
 * A successful login resets the count. Returns false when a concurrent failure locked the
 * account after the password was checked: the lock wins.
 */
export async function recordSuccessfulLogin(db: Queryable, id: string, ip: string | null): Promise<boolean> {
  const result = await db.query(
    `UPDATE admin_users SET failed_attempts = 0, locked_until = NULL, last_login_at = now(), last_login_ip = $2
      WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())`,
    [id, ip],
  );
  return (result.rowCount ?? 0) > 0;
}
