// /api/v1/users end to end over HTTP: list contract and filters, create with the password
// rule (stored as a cost-12 bcrypt hash, never returned), whole-record PUT, delete guards
// (yourself, the last admin), viewers read-only, audit rows in an intact chain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, startAuthEnv, type AuthEnv } from './auth-fixtures.ts';

describe('users resource', () => {
  let env: AuthEnv;
  let adminToken: string;
  let viewerToken: string;
  let adminId: string;

  before(async () => {
    env = await startAuthEnv();
    adminId = await env.createUser('root@example.test', 'admin');
    await env.createUser('viewer@example.test', 'viewer');
    adminToken = (await env.login('root@example.test')).body.token;
    viewerToken = (await env.login('viewer@example.test')).body.token;
  });
  after(() => env.close());

  const call = (method: string, path: string, body?: unknown, token = adminToken) =>
    env.call(method, path, { token, body });

  it('creates users with the password rule, never returning the hash', async () => {
    const weak = await call('POST', '/api/v1/users', { email: 'weak@example.test', role: 'viewer', password: 'weak' });
    assert.equal(weak.status, 400);
    assert.match(weak.body.errors.password, /at least 12 characters/);
    const invalid = await call('POST', '/api/v1/users', { email: 'nope', role: 'root' });
    assert.deepEqual(Object.keys(invalid.body.errors).sort(), ['email', 'password', 'role']);

    const created = await call('POST', '/api/v1/users', {
      email: 'New.User@Example.test',
      display_name: 'New User',
      role: 'viewer',
      password: PASSWORD,
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.email, 'new.user@example.test');
    assert.equal(created.body.must_change_password, true);
    assert.equal(created.body.locked, false);
    assert.ok(!created.text.includes('password'.concat('_hash')) && !created.text.includes('$2'));
    const stored = await env.pool.query('SELECT password_hash FROM admin_users WHERE id = $1', [created.body.id]);
    assert.match(stored.rows[0].password_hash, /^\$2[aby]\$12\$/);
    const login = await env.login('new.user@example.test');
    assert.equal(login.status, 200);
    assert.equal(login.body.user.must_change_password, true);

    const duplicate = await call('POST', '/api/v1/users', {
      email: 'NEW.user@example.test',
      role: 'admin',
      password: PASSWORD,
    });
    assert.equal(duplicate.status, 409);
    assert.ok(duplicate.body.errors.email);
  });

  it('lists with Content-Range, q, role filter and sorting', async () => {
    const all = await call('GET', `/api/v1/users?sort=${encodeURIComponent('["email","ASC"]')}`);
    assert.equal(all.status, 200);
    assert.equal(all.headers.get('content-range'), `users 0-2/3`);
    assert.deepEqual(
      all.body.map((u: { email: string }) => u.email),
      ['new.user@example.test', 'root@example.test', 'viewer@example.test'],
    );
    assert.ok(!all.text.includes('password_hash'));
    const viewers = await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"role":"viewer","q":"NEW"}')}`);
    assert.deepEqual(
      viewers.body.map((u: { email: string }) => u.email),
      ['new.user@example.test'],
    );
    const byName = await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"q":"New User"}')}`);
    assert.equal(byName.body.length, 1);
    const byLogin = await call('GET', `/api/v1/users?sort=${encodeURIComponent('["last_login_at","DESC"]')}`);
    assert.equal(byLogin.status, 200);
    assert.equal(
      (await call('GET', `/api/v1/users?sort=${encodeURIComponent('["password_hash","ASC"]')}`)).status,
      400,
    );
    assert.equal((await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"role":"god"}')}`)).status, 400);
  });

  it('PUT takes the whole record, ignoring read-only fields and passwords', async () => {
    const target = (await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"q":"new.user"}')}`)).body[0];
    const before = await env.pool.query('SELECT password_hash FROM admin_users WHERE id = $1', [target.id]);
    const updated = await call('PUT', `/api/v1/users/${target.id}`, {
      ...target,
      display_name: 'Renamed',
      role: 'admin',
      password: 'Ignored-Password-1!',
      failed_attempts: 99,
      id: '00000000-0000-0000-0000-000000000000',
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.id, target.id);
    assert.equal(updated.body.display_name, 'Renamed');
    assert.equal(updated.body.role, 'admin');
    assert.equal(updated.body.failed_attempts, 0);
    const afterHash = await env.pool.query('SELECT password_hash FROM admin_users WHERE id = $1', [target.id]);
    assert.equal(afterHash.rows[0].password_hash, before.rows[0].password_hash);
    const clash = await call('PUT', `/api/v1/users/${target.id}`, { ...target, email: 'root@example.test' });
    assert.equal(clash.status, 409);
    assert.equal((await call('PUT', `/api/v1/users/${target.id}`, { ...target, role: 'admin' })).status, 200);
    assert.equal((await call('GET', '/api/v1/users/00000000-0000-0000-0000-000000000000')).status, 404);
  });

  it('a viewer may read users but not change them', async () => {
    assert.equal((await call('GET', '/api/v1/users', undefined, viewerToken)).status, 200);
    assert.equal((await call('GET', `/api/v1/users/${adminId}`, undefined, viewerToken)).status, 200);
    const denied = await call(
      'POST',
      '/api/v1/users',
      { email: 'x@example.test', role: 'admin', password: PASSWORD },
      viewerToken,
    );
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /viewer account cannot change data/);
    assert.equal((await call('POST', `/api/v1/users/${adminId}/unlock`, undefined, viewerToken)).status, 403);
    // A role change takes effect on the next request of a live session.
    const viewerId = (await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"q":"viewer@"}')}`)).body[0].id;
    await call('PUT', `/api/v1/users/${viewerId}`, { email: 'viewer@example.test', role: 'admin' });
    assert.equal((await call('POST', `/api/v1/users/${adminId}/unlock`, undefined, viewerToken)).status, 200);
    await call('PUT', `/api/v1/users/${viewerId}`, { email: 'viewer@example.test', role: 'viewer' });
  });

  it('refuses deleting yourself and the last admin; deleting ends the sessions', async () => {
    const self = await call('DELETE', `/api/v1/users/${adminId}`);
    assert.equal(self.status, 409);
    assert.match(self.body.message, /your own account/);

    const other = (await call('GET', `/api/v1/users?filter=${encodeURIComponent('{"q":"new.user"}')}`)).body[0];
    const otherToken = (await env.login('new.user@example.test')).body.token;
    const deleted = await call('DELETE', `/api/v1/users/${other.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.id, other.id);
    assert.equal((await env.call('GET', '/api/auth/me', { token: otherToken })).status, 401);
    assert.equal((await call('GET', `/api/v1/users/${other.id}`)).status, 404);

    // root is now the only admin: an API key may not delete or demote it either.
    const last = await env.call('DELETE', `/api/v1/users/${adminId}`, { token: env.adminKey });
    assert.equal(last.status, 409);
    assert.match(last.body.message, /last admin/);
    const demote = await env.call('PUT', `/api/v1/users/${adminId}`, {
      token: env.adminKey,
      body: { email: 'root@example.test', role: 'viewer' },
    });
    assert.equal(demote.status, 409);
    assert.equal(
      (await env.pool.query(`SELECT count(*)::int AS n FROM admin_users WHERE role = 'admin'`)).rows[0].n,
      1,
    );
  });

  it('audits every change without a hash, in an intact chain', async () => {
    const rows = await env.pool.query(
      `SELECT action, actor_type, actor_id, old_value, new_value FROM audit_log
        WHERE entity = 'admin_user' AND action <> 'login' ORDER BY seq`,
    );
    const actions = new Set(rows.rows.map((r) => r.action));
    for (const action of ['create', 'update', 'delete', 'unlock']) assert.ok(actions.has(action), action);
    const update = rows.rows.find((r) => r.action === 'update');
    assert.equal(update.old_value.display_name, 'New User');
    assert.equal(update.new_value.display_name, 'Renamed');
    assert.equal(rows.rows.find((r) => r.action === 'create').actor_id, adminId);
    const all = JSON.stringify((await env.pool.query('SELECT * FROM audit_log')).rows);
    assert.ok(!all.includes('$2b$') && !all.includes(PASSWORD));
    assert.equal((await env.pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await (await fetch(`${env.api.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.ok(doc.paths['/api/v1/users/{id}/unlock']?.post);
    assert.deepEqual(doc.paths['/api/auth/login']?.post?.security, []);
    // Own-account endpoints need a console session (the role names the access level).
    assert.deepEqual(doc.paths['/api/auth/logout']?.post?.security, [{ bearer: ['session'] }]);
    assert.ok(doc.components.schemas.User);
    assert.ok(!JSON.stringify(doc.components.schemas.User).includes('password_hash'));
  });
});
