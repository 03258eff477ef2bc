// Console users in the browser: list → create → edit → delete, a server validation error
// shown under its field, and the viewer seeing the list without any edit controls.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError } from '../helpers/console-page.ts';

describe('console: users', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('an admin creates, edits and deletes a user', async () => {
    const page = await env.open({ hash: '/users' });
    await page.getByRole('cell', { name: 'admin@chronos.test' }).waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field(page, 'email').fill('new.person@chronos.test');
    await field(page, 'display_name').fill('New Person');
    await field(page, 'password').fill('Another-Horse-7!');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'new.person@chronos.test' }).waitFor();
    const { rows } = await env.pool.query('SELECT role, display_name FROM admin_users WHERE email = $1', [
      'new.person@chronos.test',
    ]);
    assert.deepEqual(rows, [{ role: 'viewer', display_name: 'New Person' }]);

    await page.getByRole('cell', { name: 'New Person' }).click();
    await field(page, 'display_name').fill('Renamed Person');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Renamed Person' }).waitFor();

    await page.getByRole('cell', { name: 'Renamed Person' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByRole('cell', { name: 'Renamed Person' }).waitFor({ state: 'detached' });
    const left = await env.rowCountEventually(
      'SELECT 1 FROM admin_users WHERE email = $1',
      ['new.person@chronos.test'],
      0,
    );
    assert.equal(left, 0);
  });

  it("shows the server's field error under the field", async () => {
    const page = await env.open({ hash: '/users/create' });
    await field(page, 'email').fill('weak.password@chronos.test');
    await field(page, 'password').fill('short');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'password'), /at least|characters|must/i);
    const { rowCount } = await env.pool.query('SELECT 1 FROM admin_users WHERE email = $1', [
      'weak.password@chronos.test',
    ]);
    assert.equal(rowCount, 0);
  });

  it('a viewer sees users but no create or edit controls', async () => {
    const page = await env.open({ role: 'viewer', hash: '/users' });
    await page.getByRole('cell', { name: 'admin@chronos.test' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
