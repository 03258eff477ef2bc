// Console sessions over HTTP: logout, logout-all, listing and revoking own sessions, the
// password change rules, and tokens that must be refused (tampered, alg none, HS512, wrong
// audience or issuer, expired, unknown session).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { TEST_JWT_SECRET } from '../helpers/api.ts';
import { PASSWORD, startAuthEnv, type AuthEnv } from './auth-fixtures.ts';

const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('console sessions', () => {
  let env: AuthEnv;
  before(async () => {
    env = await startAuthEnv();
    await env.createUser('grace@example.test', 'admin');
    await env.createUser('viv@example.test', 'viewer');
    await env.createUser('pat@example.test', 'viewer');
  });
  after(() => env.close());

  const token = async (email: string, password = PASSWORD) => {
    const login = await env.login(email, password);
    assert.equal(login.status, 200, login.text);
    return login.body.token as string;
  };
  const me = (t: string) => env.call('GET', '/api/auth/me', { token: t });

  it('logout ends this session only; the token is refused afterwards', async () => {
    const a = await token('grace@example.test');
    const b = await token('grace@example.test');
    const out = await env.call('POST', '/api/auth/logout', { token: a });
    assert.equal(out.status, 200, out.text);
    assert.deepEqual(out.body, { revoked: 1 });
    const refused = await me(a);
    assert.equal(refused.status, 401);
    assert.match(refused.body.message, /session has ended/);
    assert.equal((await me(b)).status, 200);
  });

  it('a viewer can log out and manage their own sessions (not "changing data")', async () => {
    const t = await token('viv@example.test');
    assert.equal((await env.call('GET', '/api/auth/sessions', { token: t })).status, 200);
    assert.equal((await env.call('POST', '/api/auth/logout', { token: t })).status, 200);
    assert.equal((await me(t)).status, 401);
  });

  it('API keys cannot use the session endpoints', async () => {
    const response = await env.call('POST', '/api/auth/logout', { token: env.adminKey });
    assert.equal(response.status, 403);
    assert.equal((await env.call('POST', '/api/auth/logout')).status, 401);
  });

  it('lists the active sessions with the current one marked, and revokes one of them', async () => {
    const first = await token('pat@example.test');
    const second = await token('pat@example.test');
    const listed = await env.call('GET', '/api/auth/sessions', {
      token: second,
      headers: { 'user-agent': 'session-test' },
    });
    assert.equal(listed.status, 200);
    assert.equal(listed.body.length, 2);
    const current = listed.body.filter((s: { current: boolean }) => s.current);
    assert.equal(current.length, 1);
    const other = listed.body.find((s: { current: boolean }) => !s.current);
    assert.equal(other.ip, '10.0.0.1');
    // Someone else's session is "not found", never revoked.
    const graceToken = await token('grace@example.test');
    assert.equal((await env.call('DELETE', `/api/auth/sessions/${other.id}`, { token: graceToken })).status, 404);
    assert.equal((await me(first)).status, 200);

    const revoked = await env.call('DELETE', `/api/auth/sessions/${other.id}`, { token: second });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.id, other.id);
    assert.equal((await me(first)).status, 401);
    assert.equal((await me(second)).status, 200);
    assert.equal((await env.call('DELETE', `/api/auth/sessions/${other.id}`, { token: second })).status, 404);
    assert.equal((await env.call('DELETE', '/api/auth/sessions/nope', { token: second })).status, 400);
  });

  it('logout-all ends every session of the user', async () => {
    const a = await token('grace@example.test');
    const b = await token('grace@example.test');
    const out = await env.call('POST', '/api/auth/logout-all', { token: a });
    assert.equal(out.status, 200);
    assert.ok(out.body.revoked >= 2);
    assert.equal((await me(a)).status, 401);
    assert.equal((await me(b)).status, 401);
  });

  it('refuses tampered, foreign-algorithm, wrong-audience, expired and unknown tokens', async () => {
    const good = await token('grace@example.test');
    const { jti, sub } = decodeJwt(good);
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const forged = (claims: Record<string, unknown>, alg = 'HS256') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg })
        .setIssuer('chronos')
        .setAudience('chronos-console')
        .setSubject(sub!)
        .setJti(jti!)
        .setIssuedAt()
        .setExpirationTime('1h');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const cases: Array<[string, string]> = [
      ['tampered payload', `${header}.${b64({ ...claims, sub: randomUUID() })}.${signature}`],
      ['tampered signature', `${header}.${payload}.${signature.slice(0, -4)}AAAA`],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
      ['HS512', await forged({}, 'HS512').sign(secret)],
      ['wrong audience', await forged({}).setAudience('someone-else').sign(secret)],
      ['wrong issuer', await forged({}).setIssuer('evil').sign(secret)],
      ['wrong secret', await forged({}).sign(new TextEncoder().encode('another-secret-0123456789abcdef0123'))],
      ['expired', await forged({}).setIssuedAt(1_000_000).setExpirationTime(1_000_100).sign(secret)],
      ['unknown session', await forged({}).setJti(randomUUID()).sign(secret)],
      ['not a JWT', 'something-else'],
    ];
    for (const [name, bad] of cases) {
      const response = await me(bad);
      assert.equal(response.status, 401, name);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer', name);
    }
    assert.match((await me(cases[7]![1])).body.message, /expired/);
    // A correctly signed token for the live session is accepted: the refusals above are real.
    assert.equal((await me(await forged({}).sign(secret))).status, 200);
    assert.equal((await me(good)).status, 200);
  });

  it('changes the password: complexity, no reuse of the last 5, other sessions end', async () => {
    const other = await token('grace@example.test');
    let current = await token('grace@example.test');
    const change = (current_password: string, new_password: string, t = current) =>
      env.call('POST', '/api/auth/change-password', { token: t, body: { current_password, new_password } });

    const wrongCurrent = await change('Not-The-Password-1', 'Brand-New-Pass-1!');
    assert.equal(wrongCurrent.status, 400);
    assert.ok(wrongCurrent.body.errors.current_password);
    const weak = await change(PASSWORD, 'short');
    assert.equal(weak.status, 400);
    assert.match(weak.body.errors.new_password, /at least 12 characters/);
    const same = await change(PASSWORD, PASSWORD);
    assert.equal(same.status, 400);
    assert.match(same.body.errors.new_password, /last 5 passwords/);
    const missing = await env.call('POST', '/api/auth/change-password', { token: current, body: {} });
    assert.deepEqual(Object.keys(missing.body.errors).sort(), ['current_password', 'new_password']);

    await env.pool.query(`UPDATE admin_users SET must_change_password = true WHERE email = 'grace@example.test'`);
    const passwords = [
      PASSWORD,
      'Second-Pass-22!',
      'Third-Pass-333!',
      'Fourth-Pass-44!',
      'Fifth-Pass-555!',
      'Sixth-Pass-666!',
    ];
    for (let i = 1; i < passwords.length; i++) {
      const changed = await change(passwords[i - 1]!, passwords[i]!);
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.user.must_change_password, false);
      if (i === 1) {
        assert.ok(changed.body.revoked_sessions >= 1);
        assert.equal((await me(other)).status, 401, 'other sessions end');
        assert.equal((await me(current)).status, 200, 'this session stays');
      }
    }
    // History holds the last 5 (passwords 2–6): each of them is refused, the first is allowed again.
    for (const reused of passwords.slice(1, 5)) {
      const refused = await change(passwords[5]!, reused);
      assert.equal(refused.status, 400, reused);
      assert.match(refused.body.errors.new_password, /last 5 passwords/);
    }
    // The old password no longer logs in; the new one does.
    assert.equal((await env.login('grace@example.test', 'Second-Pass-22!', '10.0.9.9')).status, 401);
    current = await token('grace@example.test', passwords[5]);
    const back = await change(passwords[5]!, PASSWORD);
    assert.equal(back.status, 200, back.text);
    const hash = await env.pool.query(`SELECT password_hash FROM admin_users WHERE email = 'grace@example.test'`);
    assert.match(hash.rows[0].password_hash, /^\$2[aby]\$12\$/);
    const history = await env.pool.query(
      `SELECT count(*)::int AS n FROM password_history h JOIN admin_users u ON u.id = h.user_id WHERE u.email = 'grace@example.test'`,
    );
    assert.equal(history.rows[0].n, 5);
  });

  it('limits guessing the current password with a stolen token', async () => {
    const t = await token('pat@example.test');
    for (let i = 0; i < 5; i++) {
      const wrong = await env.call('POST', '/api/auth/change-password', {
        token: t,
        body: { current_password: `Guess-${i}`, new_password: 'Brand-New-Pass-1!' },
      });
      assert.equal(wrong.status, 400);
    }
    const limited = await env.call('POST', '/api/auth/change-password', {
      token: t,
      body: { current_password: PASSWORD, new_password: 'Brand-New-Pass-1!' },
    });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  it('audits session changes in an intact chain, never a password', async () => {
    const rows = await env.pool.query(`SELECT action, success FROM audit_log WHERE entity = 'admin_user'`);
    const actions = new Set(rows.rows.map((r) => r.action));
    for (const action of ['login', 'logout', 'logout_all', 'revoke_session', 'change_password'])
      assert.ok(actions.has(action), action);
    assert.ok(rows.rows.some((r) => r.action === 'change_password' && !r.success));
    const all = JSON.stringify((await env.pool.query('SELECT * FROM audit_log')).rows);
    for (const secret of [PASSWORD, 'Second-Pass-22!', 'Brand-New-Pass-1!', 'Guess-0'])
      assert.ok(!all.includes(secret));
    assert.equal((await env.pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
