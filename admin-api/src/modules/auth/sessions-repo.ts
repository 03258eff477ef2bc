// SQL for console sessions: one row per issued token (jti). A token counts only while its
// row is unrevoked and unexpired, which is what makes logout and revocation real.
import type pg from 'pg';
import type { Role } from '../users/repo.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SessionRecord = {
  id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date | null;
  expires_at: Date;
};

export type LiveSession = { session_id: string; last_seen_at: Date | null; user_id: string; email: string; role: Role };

const COLUMNS = 's.id, host(s.ip) AS ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at';
const LIVE = 's.revoked_at IS NULL AND s.expires_at > now()';

export async function insertSession(
  db: Queryable,
  session: { jti: string; userId: string; ip: string | null; userAgent: string | null; expiresAt: Date },
): Promise<SessionRecord> {
  const result = await db.query<SessionRecord>(
    `INSERT INTO sessions AS s (jti, user_id, ip, user_agent, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, now()) RETURNING ${COLUMNS}`,
    [session.jti, session.userId, session.ip, session.userAgent, session.expiresAt],
  );
  return result.rows[0]!;
}

/** The session and its user in one query; undefined when revoked, expired or gone. */
export async function findLiveSession(db: Queryable, jti: string, userId: string): Promise<LiveSession | undefined> {
  const result = await db.query<LiveSession>(
    `SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.email::text AS email, u.role
       FROM sessions s JOIN admin_users u ON u.id = s.user_id
      WHERE s.jti = $1 AND s.user_id = $2 AND ${LIVE}`,
    [jti, userId],
  );
  return result.rows[0];
}

export async function touchSession(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [id]);
}

export async function listLiveSessions(db: Queryable, userId: string): Promise<SessionRecord[]> {
  const result = await db.query<SessionRecord>(
    `SELECT ${COLUMNS} FROM sessions s WHERE s.user_id = $1 AND ${LIVE} ORDER BY s.created_at DESC`,
    [userId],
  );
  return result.rows;
}

/** Revokes one live session of the user; returns it, or undefined if it is not theirs/live. */
export async function revokeSession(db: Queryable, userId: string, id: string): Promise<SessionRecord | undefined> {
  const result = await db.query<SessionRecord>(
    `UPDATE sessions s SET revoked_at = now() WHERE s.id = $1 AND s.user_id = $2 AND ${LIVE} RETURNING ${COLUMNS}`,
    [id, userId],
  );
  return result.rows[0];
}

/** Revokes every live session of the user except `keepId` (if given); returns how many. */
export async function revokeAllSessions(db: Queryable, userId: string, keepId?: string): Promise<number> {
  const result = await db.query(
    `UPDATE sessions s SET revoked_at = now()
      WHERE s.user_id = $1 AND ${LIVE} AND s.id IS DISTINCT FROM $2::uuid`,
    [userId, keepId ?? null],
  );
  return result.rowCount ?? 0;
}
