// The console's session: the JWT from POST /api/auth/login and the user it belongs to, kept
// in localStorage so a reload stays signed in. The token is the only credential the console
// holds; it expires after 24 hours (expires_at) and logout revokes it at the server.
export type Role = 'admin' | 'viewer';

export type SessionUser = {
  id: string;
  email: string;
  role: Role;
  display_name: string | null;
  must_change_password: boolean;
};

export type Session = { token: string; expires_at: string; user: SessionUser };

const KEY = 'chronos.session';

export function readSession(storage: Pick<Storage, 'getItem'> = localStorage, now = Date.now()): Session | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    if (!session.token || Date.parse(session.expires_at) <= now) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(KEY);
}
