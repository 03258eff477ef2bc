import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearSession, readSession, saveSession, type Session } from './session.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const session: Session = {
  token: 'header.payload.signature',
  expires_at: '2030-01-01T00:00:00.000Z',
  user: { id: 'u1', email: 'a@b.c', role: 'admin', display_name: null, must_change_password: false },
};

describe('console session storage', () => {
  it('keeps a session until it expires', () => {
    const storage = memoryStorage();
    saveSession(session, storage);
    assert.deepEqual(readSession(storage, Date.parse('2029-12-31T23:59:59Z')), session);
    assert.equal(readSession(storage, Date.parse('2030-01-01T00:00:00Z')), null);
  });

  it('treats missing, corrupt or token-less entries as signed out', () => {
    const storage = memoryStorage();
    assert.equal(readSession(storage), null);
    storage.setItem('chronos.session', '{not json');
    assert.equal(readSession(storage), null);
    storage.setItem('chronos.session', JSON.stringify({ ...session, token: '' }));
    assert.equal(readSession(storage, 0), null);
  });

  it('clears the session', () => {
    const storage = memoryStorage();
    saveSession(session, storage);
    clearSession(storage);
    assert.equal(readSession(storage, 0), null);
  });
});
