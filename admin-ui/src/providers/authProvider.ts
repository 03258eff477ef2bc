// Console sign-in with admin-api's JWT. checkError signs out on 401 only (a 403 is a
// missing permission, shown as a notification); canAccess follows the role: admins do
// everything, viewers read (react-admin then hides create/edit/delete buttons).
import type { AuthProvider } from 'react-admin';
import { clearSession, readSession, saveSession, type Role, type Session } from './session.ts';

const READ_ACTIONS = new Set(['list', 'show', 'export']);

export function roleMayDo(role: Role | undefined, action: string): boolean {
  if (role === 'admin') return true;
  if (role === 'viewer') return READ_ACTIONS.has(action);
  return false;
}

async function postJson(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const response = await postJson('/api/auth/login', { email: username, password });
    const body = (await response.json().catch(() => ({}))) as Partial<Session> & { message?: string };
    if (!response.ok || !body.token) throw new Error(body.message ?? `Sign-in failed (${response.status})`);
    saveSession(body as Session);
  },
  async logout() {
    const session = readSession();
    clearSession();
    // Revoke the token at the server too; an already expired or revoked one is fine.
    if (session) await postJson('/api/auth/logout', {}, session.token).catch(() => undefined);
  },
  async checkAuth() {
    if (!readSession()) throw new Error('Not signed in');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      clearSession();
      throw new Error('Your session has ended; please sign in again.');
    }
  },
  async getIdentity() {
    const session = readSession();
    if (!session) throw new Error('Not signed in');
    const { user } = session;
    return { id: user.id, fullName: user.display_name ?? user.email, email: user.email, role: user.role };
  },
  async getPermissions() {
    return readSession()?.user.role;
  },
  async canAccess({ action }: { action: string; resource: string }) {
    return roleMayDo(readSession()?.user.role, action);
  },
};
