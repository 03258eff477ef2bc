// Logout, logout-all, listing and revoking one's own sessions. Each revocation is audited
// (entity admin_user, the user's id) in the same transaction.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import type { UserPrincipal } from './self-route.ts';
import * as repo from './sessions-repo.ts';
import type { SessionRecord } from './sessions-repo.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(record: SessionRecord, currentId: string) {
  return {
    id: record.id,
    ip: record.ip,
    user_agent: record.user_agent,
    created_at: record.created_at.toISOString(),
    last_seen_at: iso(record.last_seen_at),
    expires_at: record.expires_at.toISOString(),
    current: record.id === currentId,
  };
}

export async function listOwn(pool: pg.Pool, user: UserPrincipal) {
  return (await repo.listLiveSessions(pool, user.id)).map((s) => toDto(s, user.sessionId));
}

export function logout(pool: pg.Pool, user: UserPrincipal, actor: AuditActor) {
  return withTransaction(pool, async (client) => {
    const revoked = await repo.revokeSession(client, user.id, user.sessionId);
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: user.id,
      action: 'logout',
      details: { session_id: user.sessionId },
    });
    return { revoked: revoked ? 1 : 0 };
  });
}

export function logoutAll(pool: pg.Pool, user: UserPrincipal, actor: AuditActor) {
  return withTransaction(pool, async (client) => {
    const revoked = await repo.revokeAllSessions(client, user.id);
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: user.id,
      action: 'logout_all',
      riskScore: 20,
      details: { revoked },
    });
    return { revoked };
  });
}

/** Revokes one of the caller's own sessions; someone else's session is simply "not found". */
export function revokeOwn(pool: pg.Pool, user: UserPrincipal, sessionId: string, actor: AuditActor) {
  return withTransaction(pool, async (client) => {
    const revoked = await repo.revokeSession(client, user.id, sessionId);
    if (!revoked) throw notFound(`you have no active session with id ${sessionId}`);
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: user.id,
      action: 'revoke_session',
      riskScore: 20,
      details: { session_id: sessionId },
    });
    return toDto(revoked, user.sessionId);
  });
}
