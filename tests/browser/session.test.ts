// Signing in and out of the console with admin-api's JWT: the login form, a wrong password,
// logout revoking the token at the server, and a token revoked elsewhere sending the console
// back to the login page (authProvider.checkError on 401).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_EMAIL, CONSOLE_PASSWORD, startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, notification } from '../helpers/console-page.ts';

describe('console: session', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('signs in with the form, shows who is signed in, and signs out (the token stops working)', async () => {
    const page = await env.open({ role: null });
    await page.waitForURL(/#\/login/);
    await field(page, 'username').fill(ADMIN_EMAIL);
    await field(page, 'password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Profile' }).waitFor();
    assert.match(await page.getByRole('button', { name: 'Profile' }).innerText(), /Ada Admin/);

    const token = await page.evaluate(
      () => JSON.parse(localStorage.getItem('chronos.session') ?? '{}').token as string,
    );
    assert.equal((await env.call('GET', '/api/auth/me', undefined, token)).status, 200);

    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL(/#\/login/);
    assert.equal(await page.evaluate(() => localStorage.getItem('chronos.session')), null);
    assert.equal((await env.call('GET', '/api/auth/me', undefined, token)).status, 401);
  });

  it('refuses a wrong password with a message and stays on the login page', async () => {
    const page = await env.open({ role: null });
    await page.waitForURL(/#\/login/);
    await field(page, 'username').fill(ADMIN_EMAIL);
    await field(page, 'password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await notification(page), /invalid|incorrect|wrong/i);
    assert.match(page.url(), /#\/login/);
  });

  it('goes back to the login page when the session is revoked elsewhere', async () => {
    const page = await env.open({ hash: '/users' });
    await page.getByRole('cell', { name: ADMIN_EMAIL }).waitFor();
    await env.pool.query(`UPDATE sessions SET revoked_at = now()`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForURL(/#\/login/);
  });

  after(() => env?.assertNoConsoleErrors([401]));
});
