// Settings and integrations in the browser: SMTP saved with a password that is stored
// encrypted and never comes back to the page (only "set"), a server validation error under
// its field, the SMTP test mail through a real SMTP server with the stored password, the
// viewer's read-only page, and switching the console to German (kept after a reload).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError, notification } from '../helpers/console-page.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const SMTP_USER = 'chronos-mailer';
const SMTP_PASSWORD = 'Smtp-Pa55-never-shown';

describe('console: settings', () => {
  let env: ConsoleEnv;
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer({ auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });
    // The relay delivers the test mail while the page waits for its outcome.
    env = await startConsoleEnv({ RELAY_ENABLED: 'true' });
  });
  after(async () => {
    await env?.close();
    await smtp?.close();
  });

  it('saves SMTP settings with a password that is stored encrypted and never shown again', async () => {
    const page = await env.open({ hash: '/settings' });
    const card = page.getByTestId('setting-smtp');
    await card.getByTestId('secret-status-password').getByText('not set').waitFor();
    await field(page, 'value.host').fill(smtp.host);
    await field(page, 'value.port').fill(String(smtp.port));
    await field(page, 'value.username').fill(SMTP_USER);
    await field(page, 'value.from').fill('chronos@example.org');
    await page.getByRole('combobox', { name: 'Encryption' }).click();
    await page.getByRole('option', { name: 'None (unencrypted)' }).click();
    await field(page, 'secrets.password').fill(SMTP_PASSWORD);
    await card.getByRole('button', { name: 'Save' }).click();
    assert.equal(await notification(page, 'The settings are saved'), 'The settings are saved');
    await card.getByTestId('secret-status-password').getByText('set', { exact: true }).waitFor();
    assert.equal(await field(page, 'secrets.password').inputValue(), '', 'the typed password is gone from the form');

    const { rows } = await env.pool.query(
      'SELECT value, secret_ciphertext, secret_key_id FROM settings WHERE id = $1',
      ['smtp'],
    );
    assert.equal(rows[0].value.host, smtp.host);
    assert.equal(rows[0].value.secure, 'none');
    assert.ok(rows[0].secret_ciphertext.length > 0 && rows[0].secret_key_id, 'a sealed secret');
    assert.ok(!rows[0].secret_ciphertext.includes(Buffer.from(SMTP_PASSWORD)), 'not in clear');
    assert.ok(!JSON.stringify(rows[0].value).includes(SMTP_PASSWORD));

    await page.reload();
    await card.getByTestId('secret-status-password').getByText('set', { exact: true }).waitFor();
    assert.equal(await field(page, 'value.host').inputValue(), smtp.host);
    assert.equal(await field(page, 'secrets.password').inputValue(), '');
    assert.ok(!(await page.content()).includes(SMTP_PASSWORD), 'the password is nowhere in the page');
  });

  it('sends a test mail with the stored settings (the password decrypted by the server)', async () => {
    const page = await env.open({ hash: '/settings' });
    const card = page.getByTestId('setting-smtp');
    await card.locator('[name="test_recipient"]').fill('ops@example.org');
    await card.getByRole('button', { name: 'Send test mail' }).click();
    await card.getByTestId('smtp-test-result').getByText('Status: sent').waitFor({ timeout: 20_000 });
    const [mail] = await smtp.waitForMessages(1);
    assert.equal(mail!.user, SMTP_USER, 'authenticated with the stored password');
    assert.deepEqual(mail!.envelope.to, ['ops@example.org']);
    assert.equal(mail!.parsed.subject, 'Chronos test mail');
  });

  it("keeps the stored password when saving other fields, and shows the server's error under a field", async () => {
    const page = await env.open({ hash: '/settings' });
    const card = page.getByTestId('setting-smtp');
    await card.getByTestId('secret-status-password').getByText('set', { exact: true }).waitFor();
    const before = await env.pool.query('SELECT secret_ciphertext FROM settings WHERE id = $1', ['smtp']);

    await field(page, 'value.port').fill('70000');
    await card.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'value.port'), /at most 65535/);

    await field(page, 'value.port').fill(String(smtp.port));
    await field(page, 'value.reply_to').fill('help@example.org');
    await card.getByRole('button', { name: 'Save' }).click();
    assert.equal(await notification(page, 'The settings are saved'), 'The settings are saved');
    const after = await env.pool.query('SELECT value, secret_ciphertext FROM settings WHERE id = $1', ['smtp']);
    assert.equal(after.rows[0].value.reply_to, 'help@example.org');
    assert.deepEqual(after.rows[0].secret_ciphertext, before.rows[0].secret_ciphertext, 'the secret was kept');
  });

  it('a viewer sees the settings read-only: no save buttons, no secrets', async () => {
    const page = await env.open({ role: 'viewer', hash: '/settings' });
    const card = page.getByTestId('setting-smtp');
    await card.getByTestId('secret-status-password').getByText('set', { exact: true }).waitFor();
    assert.equal(await field(page, 'value.host').inputValue(), smtp.host);
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Send test mail' }).count(), 0);
    assert.equal(await field(page, 'value.host').isDisabled(), true);
    assert.ok(!(await page.content()).includes(SMTP_PASSWORD));
  });

  it('switches the console to German from the app bar, and stays German after a reload', async () => {
    const page = await env.open({ hash: '/templates' });
    await page.getByRole('menuitem', { name: 'Settings', exact: true }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Deutsch' }).click();
    await page.getByRole('menuitem', { name: 'Einstellungen', exact: true }).waitFor();
    await page.getByRole('menuitem', { name: 'Nachrichtenvorlagen', exact: true }).waitFor();
    await page.getByText('Automatisierung').first().waitFor();
    await page.getByRole('link', { name: 'Erstellen' }).first().waitFor();

    await page.reload();
    await page.getByRole('menuitem', { name: 'Einstellungen', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Erstellen' }).first().waitFor();
    await page.getByRole('menuitem', { name: 'Einstellungen', exact: true }).click();
    await page.getByText('Einstellungen und Integrationen').first().waitFor();
    await page.getByTestId('setting-smtp').getByRole('button', { name: 'Speichern' }).waitFor();
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
