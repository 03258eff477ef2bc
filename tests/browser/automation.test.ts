// Automation pages in the browser: whitelist entries (typed param editor, export → import),
// commands (create from the whitelist with the server's refusal under its field; complete,
// resend and fail with a reason, checked in the database), rules (if-this-then-that form),
// and a viewer who sees all of it without any action button.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError } from '../helpers/console-page.ts';

/** Picks `option` in a react-admin AutocompleteInput. */
async function pick(page: Page, source: string, option: string): Promise<void> {
  await field(page, source).click();
  await field(page, source).fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function commandStatus(env: ConsoleEnv, id: string) {
  const { rows } = await env.pool.query('SELECT status, result, last_error FROM commands WHERE id = $1', [id]);
  return rows[0] as { status: string; result: unknown; last_error: string | null };
}

describe('console: automation', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
    const reply = await env.call('POST', '/api/v1/whitelists', {
      system: 'MAIL',
      action: 'SEND',
      params: { to: { type: 'email', required: true }, subject: { type: 'string' } },
    });
    assert.equal(reply.status, 200, reply.text);
  });
  after(async () => {
    await env?.close();
  });

  it('an admin whitelists a command with typed params, edits and deletes it', async () => {
    const page = await env.open({ hash: '/whitelists' });
    await page.getByRole('cell', { name: 'MAIL', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field(page, 'system').fill('telegram');
    await field(page, 'action').fill('send_message');
    await page.getByRole('button', { name: 'Add' }).click();
    await field(page, 'param_rows.0.name').fill('chat_id');
    await page.getByRole('combobox', { name: 'Type' }).first().click();
    await page.getByRole('option', { name: 'Whole number' }).click();
    await field(page, 'param_rows.0.required').check();
    await page.getByRole('button', { name: 'Add' }).click();
    await field(page, 'param_rows.1.name').fill('text');
    await field(page, 'param_rows.1.description').fill('The message');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'SEND_MESSAGE' }).waitFor();
    const { rows } = await env.pool.query("SELECT params FROM whitelists WHERE system = 'TELEGRAM'");
    assert.deepEqual(rows, [
      { params: { chat_id: { type: 'int', required: true }, text: { type: 'string', description: 'The message' } } },
    ]);

    await page.getByRole('cell', { name: 'SEND_MESSAGE' }).click();
    await field(page, 'param_rows.1.name').waitFor();
    await field(page, 'description').fill('Telegram messages');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Telegram messages' }).waitFor();
    const edited = await env.pool.query("SELECT description, params FROM whitelists WHERE system = 'TELEGRAM'");
    assert.equal(edited.rows[0].description, 'Telegram messages');
    assert.equal(Object.keys(edited.rows[0].params).length, 2, 'the params survive an edit');

    await env.call('POST', '/api/v1/whitelists', { system: 'TMP', action: 'GONE' });
    await page.reload();
    await field(page, 'q').fill('GONE');
    await page.getByRole('cell', { name: 'GONE' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByRole('cell', { name: 'GONE' }).waitFor({ state: 'detached' });
    assert.equal(await env.rowCountEventually("SELECT 1 FROM whitelists WHERE system = 'TMP'", [], 0), 0);
  });

  it('exports the whitelist as a file that the import accepts', async () => {
    const page = await env.open({ hash: '/whitelists' });
    await page.getByRole('cell', { name: 'MAIL', exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all' }).click(),
    ]);
    const file = await download.path();
    const document = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.equal(document.version, 1);
    const keys = document.entries.map((e: { system: string; action: string }) => `${e.system}/${e.action}`);
    // The migrations whitelist the HEALING actions too; the file has every entry, in order.
    assert.ok(keys.includes('MAIL/SEND') && keys.includes('TELEGRAM/SEND_MESSAGE'), keys.join());
    assert.deepEqual(keys, [...keys].sort());

    // Lose one entry, then bring it back from the file.
    await env.pool.query("DELETE FROM whitelists WHERE system = 'TELEGRAM'");
    await page.reload();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="whitelist_file"]').setInputFiles(file);
    await dialog.getByRole('row', { name: /TELEGRAM\/SEND_MESSAGE.*New/ }).waitFor();
    await dialog.getByRole('row', { name: /MAIL\/SEND.*Unchanged/ }).waitFor();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText(/Imported: 1 new, 0 changed, \d+ unchanged, 0 deleted/).waitFor();
    const { rows } = await env.pool.query("SELECT params FROM whitelists WHERE system = 'TELEGRAM'");
    assert.deepEqual(rows[0].params.chat_id, { type: 'int', required: true });
  });

  it("creates a command from the whitelist, showing the server's refusal under the field", async () => {
    const page = await env.open({ hash: '/commands/create' });
    await pick(page, 'system', 'MAIL');
    await pick(page, 'action', 'SEND');
    await field(page, 'params.to').fill('not-an-address');
    await field(page, 'params.subject').fill('Hello');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'params.to'), /e-mail/);
    assert.equal((await env.pool.query('SELECT 1 FROM commands')).rowCount, 0);

    await field(page, 'params.to').fill('ops@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-status="PENDING"]').waitFor();
    const { rows } = await env.pool.query('SELECT id, system, action, params, status FROM commands');
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { ...rows[0], id: undefined },
      {
        id: undefined,
        system: 'MAIL',
        action: 'SEND',
        params: { to: 'ops@example.com', subject: 'Hello' },
        status: 'PENDING',
      },
    );
  });

  it('an admin completes, resends and fails a command with a reason', async () => {
    const reply = await env.call('POST', '/api/v1/commands', {
      system: 'MAIL',
      action: 'SEND',
      params: { to: 'ops@example.com' },
    });
    const id = (reply.body as { id: string }).id;
    const page = await env.open({ hash: `/commands/${id}/show` });
    const dialog = page.getByRole('dialog');

    await page.getByRole('button', { name: 'Mark completed' }).click();
    await dialog.locator('textarea[name="reason"]').fill('Sent by hand');
    await dialog.locator('textarea[name="result"]').fill('{"message_id": 7}');
    await dialog.getByRole('button', { name: 'Mark completed' }).click();
    await page.locator('[data-status="COMPLETED"]').waitFor();
    assert.deepEqual(await commandStatus(env, id), {
      status: 'COMPLETED',
      result: { message_id: 7 },
      last_error: null,
    });

    await page.getByRole('button', { name: 'Resend' }).click();
    await dialog.locator('textarea[name="reason"]').fill('Recipient asked again');
    await dialog.getByRole('button', { name: 'Resend' }).click();
    await page.locator('[data-status="PENDING"]').waitFor();
    assert.equal((await commandStatus(env, id)).status, 'PENDING');

    await page.getByRole('button', { name: 'Mark failed' }).click();
    await dialog.locator('textarea[name="reason"]').fill('Mail server down');
    await dialog.locator('textarea[name="error"]').fill('SMTP 421');
    await dialog.getByRole('button', { name: 'Mark failed' }).click();
    await page.locator('[data-status="FAILED"]').waitFor();
    const failed = await commandStatus(env, id);
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.last_error ?? '', /SMTP 421/);

    // The history tab lists the operator's reasons from the audit log.
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('cell', { name: 'Recipient asked again' }).waitFor();
  });

  it('an admin creates, edits and deletes a rule with pickers fed from the whitelist', async () => {
    const page = await env.open({ hash: '/rules/create' });
    await field(page, 'name').fill('Tell the team');
    await pick(page, 'trigger_system', 'MAIL');
    await pick(page, 'trigger_action', 'SEND');
    await pick(page, 'follow_system', 'TELEGRAM');
    await pick(page, 'follow_action', 'SEND_MESSAGE');
    await field(page, 'params_template.chat_id').fill('not a number');
    await field(page, 'params_template.text').fill('Mail to {{command.params.to}} sent');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'params_template.chat_id'), /whole number/);

    await field(page, 'params_template.chat_id').fill('42');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Tell the team' }).waitFor();
    const { rows } = await env.pool.query('SELECT trigger_status, follow_system, params_template, enabled FROM rules');
    assert.deepEqual(rows, [
      {
        trigger_status: 'COMPLETED',
        follow_system: 'TELEGRAM',
        params_template: { chat_id: 42, text: 'Mail to {{command.params.to}} sent' },
        enabled: true,
      },
    ]);

    await page.getByRole('cell', { name: 'Tell the team' }).click();
    // Wait for the record to be in the form: typing earlier would be reset by its arrival.
    await page.locator('input[name="name"][value="Tell the team"]').waitFor();
    await field(page, 'name').fill('Tell the whole team');
    await field(page, 'enabled').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Tell the whole team' }).waitFor();
    const edited = await env.pool.query('SELECT enabled, params_template FROM rules');
    assert.equal(edited.rows[0].enabled, false);
    assert.equal(edited.rows[0].params_template.chat_id, 42, 'the template survives an edit');

    await page.getByRole('cell', { name: 'Tell the whole team' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByRole('cell', { name: 'Tell the whole team' }).waitFor({ state: 'detached' });
    assert.equal(await env.rowCountEventually('SELECT 1 FROM rules', [], 0), 0);
  });

  it('a viewer sees commands and whitelists without action buttons', async () => {
    const { rows } = await env.pool.query("SELECT id FROM commands WHERE status = 'FAILED' LIMIT 1");
    const page = await env.open({ role: 'viewer', hash: `/commands/${rows[0].id}/show` });
    await page.locator('[data-status="FAILED"]').waitFor();
    for (const name of ['Resend', 'Mark completed', 'Mark failed'])
      assert.equal(await page.getByRole('button', { name }).count(), 0, name);

    await page.goto(page.url().replace(/#.*/, '#/whitelists'));
    await page.getByRole('cell', { name: 'MAIL', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Export all' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Import' }).count(), 0);

    await page.goto(page.url().replace(/#.*/, '#/commands'));
    await page.locator('[data-status="FAILED"]').first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400, 422]));
});
