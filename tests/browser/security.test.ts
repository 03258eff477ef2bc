// API keys, the audit log and security incidents in the browser. An API key's secret is shown
// once (with a copy button) and appears nowhere afterwards; edit, rotate (new secret once),
// revoke and delete change the database; the audit record of a rename shows old → new; the
// chain verifies as intact; a server validation error lands under its field; incidents are
// acknowledged; a viewer sees these pages without any action buttons.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field } from '../helpers/console-page.ts';

async function readSecret(page: Page): Promise<string> {
  const input = page.getByTestId('api-key-secret');
  await input.waitFor();
  return input.inputValue();
}

describe('console: API keys, audit log, security incidents', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('creates a key whose secret is shown once, then edits, rotates, revokes and deletes it', async () => {
    const page = await env.open({ hash: '/api-keys' });
    await page.getByRole('cell', { name: 'console-tests' }).waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field(page, 'name').fill('n8n production');
    await field(page, 'description').fill('The n8n instance in the rack');
    await page.getByRole('checkbox', { name: /^events\.read:/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();

    const secret = await readSecret(page);
    assert.match(secret, /^chronos_/);
    assert.equal(await page.getByRole('button', { name: 'Copy' }).count(), 1);
    await page.getByText('It is shown only this once').waitFor();
    const { rows } = await env.pool.query<{ id: string; scopes: string[] }>(
      'SELECT id, scopes FROM api_keys WHERE name = $1',
      ['n8n production'],
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.scopes, ['events.read']);
    const keyId = rows[0]!.id;
    // The key works for what its scope allows.
    assert.equal((await env.call('GET', '/api/v1/events', undefined, secret)).status, 200);

    await page.getByRole('button', { name: 'I have stored the key' }).click();
    await page.waitForURL(new RegExp(`/api-keys/${keyId}/show$`));
    await page.getByText('The n8n instance in the rack').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'secret on the show page');
    await page.reload();
    await page.getByText('The n8n instance in the rack').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'secret after reload');

    await page.getByRole('link', { name: 'Edit' }).click();
    await field(page, 'name').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'secret on the edit page');
    await page.getByRole('checkbox', { name: /^events\.write:/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/api-keys/${keyId}/show$`));
    await page.getByText('events.write', { exact: true }).waitFor();
    const edited = await env.pool.query('SELECT scopes FROM api_keys WHERE id = $1', [keyId]);
    assert.deepEqual(edited.rows[0].scopes, ['events.read', 'events.write']);

    await page.getByRole('button', { name: 'Rotate' }).click();
    await page.getByText('keeps working for the grace period').waitFor();
    await page.locator('[name="grace_hours"]').fill('2');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const rotatedSecret = await readSecret(page);
    assert.match(rotatedSecret, /^chronos_/);
    assert.notEqual(rotatedSecret, secret);
    await page.getByText('The old key keeps working until').waitFor();
    const fresh = await env.pool.query<{ id: string }>('SELECT id FROM api_keys WHERE rotated_from = $1', [keyId]);
    assert.equal(fresh.rowCount, 1);
    const freshId = fresh.rows[0]!.id;
    const old = await env.pool.query('SELECT grace_until FROM api_keys WHERE id = $1', [keyId]);
    const graceMs = new Date(old.rows[0].grace_until).getTime() - Date.now();
    assert.ok(graceMs > 1.9 * 3_600_000 && graceMs <= 2 * 3_600_000, `grace of ${graceMs} ms`);
    // Both keys work during the grace period.
    assert.equal((await env.call('GET', '/api/v1/events', undefined, secret)).status, 200);
    assert.equal((await env.call('GET', '/api/v1/events', undefined, rotatedSecret)).status, 200);
    await page.getByRole('button', { name: 'I have stored the key' }).click();
    await page.waitForURL(new RegExp(`/api-keys/${freshId}/show$`));
    assert.equal((await page.content()).includes(rotatedSecret), false, 'rotated secret after the dialog');

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('The key is revoked').waitFor();
    const revoked = await env.pool.query('SELECT revoked_at FROM api_keys WHERE id = $1', [freshId]);
    assert.ok(revoked.rows[0].revoked_at, 'revoked_at is set');
    assert.equal((await env.call('GET', '/api/v1/events', undefined, rotatedSecret)).status, 401);
    // Refreshed: a revoked key can be neither rotated nor revoked again.
    await page.getByRole('button', { name: 'Rotate', exact: true }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Revoke', exact: true }).count(), 0);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/\/api-keys$/);
    const left = await env.pool.query('SELECT 1 FROM api_keys WHERE id = $1', [freshId]);
    assert.equal(left.rowCount, 0);
  });

  it("shows the server's error under the scopes when a key has none", async () => {
    const page = await env.open({ hash: '/api-keys/create' });
    await field(page, 'name').fill('no scopes');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.ra-input-scopes').getByText('needs at least one scope').waitFor();
    const { rowCount } = await env.pool.query('SELECT 1 FROM api_keys WHERE name = $1', ['no scopes']);
    assert.equal(rowCount, 0);
  });

  it('the audit record of a rename shows old → new, and the chain verifies as intact', async () => {
    const created = await env.call('POST', '/api/v1/api-keys', { name: 'reporting', scopes: ['events.read'] });
    assert.equal(created.status, 200, created.text);
    const id = created.body.id as string;
    const page = await env.open({ hash: `/api-keys/${id}` });
    await field(page, 'name').fill('reporting (finance)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/api-keys/${id}/show$`));
    const newest = await env.pool.query<{ id: string; action: string }>(
      'SELECT id, action FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    assert.equal(newest.rows[0]!.action, 'update');

    await page.goto(page.url().replace(/#.*$/, '#/audit'));
    await page.getByRole('cell', { name: 'update' }).first().waitFor();
    await page.locator('tbody tr').first().click();
    await page.waitForURL(new RegExp(`/audit/${newest.rows[0]!.id}/show$`));
    const row = page.getByTestId('audit-diff').locator('tr[data-path="name"]');
    await row.waitFor();
    assert.equal(await row.locator('del').innerText(), 'reporting');
    assert.equal(await row.locator('ins').innerText(), 'reporting (finance)');
    // Unchanged fields are not listed.
    assert.equal(await page.getByTestId('audit-diff').locator('tr[data-path="scopes"]').count(), 0);

    await page.goto(page.url().replace(/#.*$/, '#/audit'));
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    const { rows } = await env.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log');
    assert.match(await result.innerText(), new RegExp(`Chain intact \\(${rows[0]!.n} records checked\\)`));
  });

  it('acknowledges a security incident', async () => {
    const { rows } = await env.pool.query<{ id: string }>(
      `INSERT INTO security_incidents (kind, severity, ip, details)
       VALUES ('brute_force', 'high', '203.0.113.7', '{"attempts": 12}') RETURNING id`,
    );
    const page = await env.open({ hash: '/security-incidents' });
    const row = page.locator('tbody tr', { hasText: '203.0.113.7' });
    await row.waitFor();
    await row.getByText('High').waitFor();
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('The incident is acknowledged').waitFor();
    const acknowledged = await env.pool.query('SELECT acknowledged_at FROM security_incidents WHERE id = $1', [
      rows[0]!.id,
    ]);
    assert.ok(acknowledged.rows[0].acknowledged_at, 'acknowledged_at is set');

    await page.goto(page.url().replace(/#.*$/, `#/security-incidents/${rows[0]!.id}/show`));
    await page.getByText('"attempts": 12').waitFor();
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).waitFor({ state: 'detached' });
  });

  it('a viewer sees keys, audit and incidents without action buttons', async () => {
    await env.pool.query(
      `INSERT INTO security_incidents (kind, severity, ip) VALUES ('api_key_new_ip', 'medium', '198.51.100.9')`,
    );
    const keys = await env.open({ role: 'viewer', hash: '/api-keys' });
    await keys.getByRole('cell', { name: 'console-tests' }).click();
    await keys.getByText('Key prefix').waitFor();
    for (const name of ['Edit', 'Rotate', 'Revoke', 'Delete'])
      assert.equal(
        await keys.getByRole(name === 'Edit' ? 'link' : 'button', { name, exact: true }).count(),
        0,
        `viewer sees ${name}`,
      );
    await keys.goto(keys.url().replace(/#.*$/, '#/api-keys'));
    await keys.getByRole('cell', { name: 'console-tests' }).waitFor();
    assert.equal(await keys.getByRole('link', { name: 'Create' }).count(), 0);

    await keys.goto(keys.url().replace(/#.*$/, '#/audit'));
    await keys.locator('tbody tr').first().waitFor();
    assert.equal(await keys.getByRole('button', { name: 'Verify chain', exact: true }).count(), 0);

    await keys.goto(keys.url().replace(/#.*$/, '#/security-incidents'));
    await keys.locator('tbody tr', { hasText: '198.51.100.9' }).waitFor();
    assert.equal(await keys.getByRole('button', { name: 'Acknowledge', exact: true }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
