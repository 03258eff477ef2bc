// Console login over HTTP: tokens, the same 401 for unknown e-mail and wrong password,
// per-account lockout (held across IPs) and unlock, the (e-mail, IP) rate limit, auditing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { PASSWORD, startAuthEnv, type AuthEnv } from './auth-fixtures.ts';

describe('console login', () => {
  let env: AuthEnv;
  before(async () => {
    env = await startAuthEnv();
    await env.createUser('ada@example.test', 'admin');
    await env.createUser('lock@example.test', 'viewer');
  });
  after(() => env.close());

  it('logs in and /api/auth/me shows the user', async () => {
    const login = await env.login('Ada@Example.test');
    assert.equal(login.status, 200, login.text);
    assert.equal(login.body.user.email, 'ada@example.test');
    assert.equal(login.body.user.role, 'admin');
    assert.equal(login.body.user.must_change_password, false);
    assert.ok(!login.text.includes('password_hash'));
    const header = decodeProtectedHeader(login.body.token);
    assert.equal(header.alg, 'HS256');
    const claims = decodeJwt(login.body.token);
    assert.equal(claims.sub, login.body.user.id);
    assert.equal(claims.iss, 'chronos');
    assert.equal(claims.aud, 'chronos-console');
    assert.equal(claims.exp! - claims.iat!, 24 * 3600);
    const session = await env.pool.query('SELECT host(ip) AS ip, user_agent, expires_at FROM sessions WHERE jti = $1', [
      claims.jti,
    ]);
    assert.equal(session.rows[0].ip, '10.0.0.1');
    assert.equal(new Date(login.body.expires_at).getTime(), session.rows[0].expires_at.getTime());

    const me = await env.call('GET', '/api/auth/me', { token: login.body.token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.type, 'user');
    assert.equal(me.body.email, 'ada@example.test');
    assert.equal(me.body.name, 'ada@example.test');
    assert.equal(me.body.role, 'admin');
    assert.equal(me.body.display_name, 'ada');
    // A logged-in admin can use admin routes.
    assert.equal((await env.call('GET', '/api/v1/users', { token: login.body.token })).status, 200);
    const user = await env.pool.query(
      'SELECT last_login_at, host(last_login_ip) AS ip FROM admin_users WHERE email = $1',
      ['ada@example.test'],
    );
    assert.ok(user.rows[0].last_login_at);
    assert.equal(user.rows[0].ip, '10.0.0.1');
  });

  it('answers unknown e-mail and wrong password with the same 401', async () => {
    const wrong = await env.login('ada@example.test', 'Wrong-Password-1', '10.0.1.1');
    const unknown = await env.login('nobody@example.test', PASSWORD, '10.0.1.1');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.message, unknown.body.message);
    assert.equal(wrong.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const bad = await env.call('POST', '/api/auth/login', { body: { email: 'not-an-email', password: '' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), ['email', 'password']);
    // Reset the counter the wrong password started.
    assert.equal((await env.login('ada@example.test', PASSWORD, '10.0.1.1')).status, 200);
  });

  it('locks an account after 5 failures, even across addresses, until an admin unlocks it', async () => {
    for (let i = 1; i <= 5; i++) {
      const attempt = await env.login('lock@example.test', `Wrong-Password-${i}`, '10.0.2.1');
      assert.equal(attempt.status, 401, `attempt ${i}`);
    }
    // The sixth attempt, from another address and with the RIGHT password, is still refused.
    const locked = await env.login('lock@example.test', PASSWORD, '10.0.2.2');
    assert.equal(locked.status, 423, locked.text);
    assert.match(locked.body.message, /^account locked until \d{4}-/);
    const until = new Date(locked.body.lockedUntil).getTime();
    assert.ok(Math.abs(until - Date.now() - 30 * 60_000) < 60_000, 'locked for 30 minutes');
    assert.ok(Number(locked.headers.get('retry-after')) > 29 * 60);

    const row = await env.pool.query('SELECT id, failed_attempts FROM admin_users WHERE email = $1', [
      'lock@example.test',
    ]);
    assert.equal(row.rows[0].failed_attempts, 5);
    const listed = await env.call('GET', `/api/v1/users/${row.rows[0].id}`, { token: env.adminKey });
    assert.equal(listed.body.locked, true);

    const unlocked = await env.call('POST', `/api/v1/users/${row.rows[0].id}/unlock`, { token: env.adminKey });
    assert.equal(unlocked.status, 200, unlocked.text);
    assert.equal(unlocked.body.locked, false);
    assert.equal(unlocked.body.failed_attempts, 0);
    assert.equal((await env.login('lock@example.test', PASSWORD, '10.0.2.2')).status, 200);
  });

  it('an expired lock starts a fresh count instead of re-locking on the next typo', async () => {
    await env.pool.query(
      `UPDATE admin_users SET failed_attempts = 5, locked_until = now() - interval '1 minute' WHERE email = $1`,
      ['lock@example.test'],
    );
    assert.equal((await env.login('lock@example.test', 'Wrong-Password-x', '10.0.3.1')).status, 401);
    const row = await env.pool.query('SELECT failed_attempts, locked_until FROM admin_users WHERE email = $1', [
      'lock@example.test',
    ]);
    assert.equal(row.rows[0].failed_attempts, 1);
    assert.equal(row.rows[0].locked_until, null);
    assert.equal((await env.login('lock@example.test', PASSWORD, '10.0.3.1')).status, 200);
  });

  it('rate-limits 5 attempts per 15 minutes per e-mail and address with 429 and Retry-After', async () => {
    for (let i = 1; i <= 5; i++) {
      assert.equal((await env.login('ghost@example.test', PASSWORD, '10.0.4.1')).status, 401, `attempt ${i}`);
    }
    const limited = await env.login('ghost@example.test', PASSWORD, '10.0.4.1');
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    assert.match(limited.body.message, /too many login attempts/);
    // The same e-mail from another address, and another e-mail from this address, go on.
    assert.equal((await env.login('ghost@example.test', PASSWORD, '10.0.4.2')).status, 401);
    assert.equal((await env.login('ada@example.test', PASSWORD, '10.0.4.1')).status, 200);
  });

  it('audits every attempt without the password, in an intact chain', async () => {
    const rows = await env.pool.query(
      `SELECT actor_type, actor_label, entity_id, success, risk_score, details, host(ip) AS ip
         FROM audit_log WHERE entity = 'admin_user' AND action = 'login' ORDER BY seq`,
    );
    const successes = rows.rows.filter((r) => r.success);
    const failures = rows.rows.filter((r) => !r.success);
    assert.ok(successes.length >= 5);
    assert.ok(failures.length >= 12);
    assert.ok(Math.min(...failures.map((r) => r.risk_score)) > Math.max(...successes.map((r) => r.risk_score)));
    const reasons = new Set(failures.map((r) => r.details.reason));
    for (const reason of ['wrong_password', 'unknown_email', 'locked', 'rate_limited'])
      assert.ok(reasons.has(reason), reason);
    // Only the first refusal of a rate-limit window is audited.
    assert.equal(failures.filter((r) => r.details.reason === 'rate_limited').length, 1);
    assert.ok(failures.some((r) => r.details.locked_until && r.risk_score >= 80));
    assert.equal(successes[0].actor_type, 'user');
    assert.ok(rows.rows.every((r) => r.ip));
    const all = JSON.stringify((await env.pool.query('SELECT * FROM audit_log')).rows);
    assert.ok(!all.includes(PASSWORD));
    assert.ok(!all.includes('Wrong-Password'));
    assert.equal((await env.pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
