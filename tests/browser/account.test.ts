// "My account": a user whose password an administrator set is sent to change it first; the
// server's password rule shows under the field; after the change the console opens normally;
// own sessions are listed and another one can be ended.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { CONSOLE_PASSWORD, startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError, notification } from '../helpers/console-page.ts';

const EMAIL = 'newcomer@chronos.test';
const NEW_PASSWORD = 'Newcomer-Horse-42!';

describe('console: my account', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
    const hash = await bcrypt.hash(CONSOLE_PASSWORD, 4);
    const { rows } = await env.pool.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role, must_change_password) VALUES ($1, $2, 'viewer', true) RETURNING id`,
      [EMAIL, hash],
    );
    await env.pool.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [rows[0]!.id, hash]);
  });
  after(async () => {
    await env?.close();
  });

  it('makes a user with an administrator-set password choose their own first', async () => {
    // A second session of the same user, which the password change ends.
    const other = await env.call('POST', '/api/auth/login', { email: EMAIL, password: CONSOLE_PASSWORD });
    assert.equal(other.status, 200);

    const page = await env.open({ role: null });
    await page.waitForURL(/#\/login/);
    await field(page, 'username').fill(EMAIL);
    await field(page, 'password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/#\/account/);
    await page.getByTestId('must-change-password').waitFor();
    await page.goto(page.url().replace(/#.*$/, '#/users'));
    await page.waitForURL(/#\/account/);

    await field(page, 'current_password').fill(CONSOLE_PASSWORD);
    await field(page, 'new_password').fill('too-simple');
    await field(page, 'confirm_password').fill('too-simple');
    await page.getByRole('button', { name: 'Change password' }).click();
    assert.match(await fieldError(page, 'new_password'), /12 characters|upper-case|digit/);

    await field(page, 'new_password').fill(NEW_PASSWORD);
    await field(page, 'confirm_password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    // The refused first attempt left its own "form is not valid" notice: wait for this one.
    assert.match(await notification(page, /Password changed/), /Password changed; 1 other session ended/);

    const { rows } = await env.pool.query(
      'SELECT must_change_password, password_hash FROM admin_users WHERE email = $1',
      [EMAIL],
    );
    assert.equal(rows[0].must_change_password, false);
    assert.equal(await bcrypt.compare(NEW_PASSWORD, rows[0].password_hash), true);
    assert.equal((await env.call('GET', '/api/auth/me', undefined, other.body.token)).status, 401);

    await page.goto(page.url().replace(/#.*$/, '#/users'));
    await page.getByRole('cell', { name: EMAIL }).waitFor();
  });

  it("lists the user's sessions and ends another one", async () => {
    const other = await env.call('POST', '/api/auth/login', {
      email: 'admin@chronos.test',
      password: CONSOLE_PASSWORD,
    });
    const page = await env.open({ hash: '/account' });
    await page.getByTestId('own-session').nth(1).waitFor();
    await page.getByRole('button', { name: 'End' }).first().click();
    // The row disappears once the server has ended that session.
    await page.getByTestId('own-session').nth(1).waitFor({ state: 'detached' });
    assert.equal((await env.call('GET', '/api/auth/me', undefined, other.body.token)).status, 401);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
