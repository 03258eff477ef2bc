// Message templates in the browser: create one with placeholders in the code editor, see the
// server-rendered live preview (unsaved edits too) with edited sample variables inside the sandboxed iframe, send a
// test mail through a real SMTP server, get the server's syntax error under the body, rename
// and delete it; a viewer reads templates without any edit control.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, notification } from '../helpers/console-page.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const NAME = 'Meeting invitation';

/** Types into a CodeMirror editor (the code input of `source`), replacing its content. */
async function fillCode(page: Page, source: string, text: string): Promise<void> {
  const editor = page.locator(`[data-source="${source}"] .cm-content`);
  await editor.waitFor();
  await editor.fill(text);
}

describe('console: templates', () => {
  let env: ConsoleEnv;
  let smtp: TestSmtpServer;
  let page: Page;
  let templateId: string;

  before(async () => {
    smtp = await startSmtpServer();
    // The relay delivers the test send while the console waits for its outcome.
    env = await startConsoleEnv({ RELAY_ENABLED: 'true' });
    const reply = await env.call('PUT', '/api/v1/settings/smtp', {
      value: { host: smtp.host, port: smtp.port, secure: 'none', from: 'chronos@example.org' },
    });
    assert.equal(reply.status, 200, reply.text);
  });
  after(async () => {
    await env?.close();
    await smtp?.close();
  });

  it('creates a template with placeholders in the code editor', async () => {
    page = await env.open({ hash: '/templates' });
    await page.getByTestId('empty-state').waitFor();
    await page.getByRole('link', { name: 'Create' }).first().click();
    await field(page, 'name').fill(NAME);
    await field(page, 'subject').fill('Invitation: {{event.title}}');
    await fillCode(page, 'body_html', '<p>Hello <b>{{user.name}}</b>, you are invited to {{event.title}}.</p>');
    await fillCode(page, 'body_text', 'Hello {{user.name}}, you are invited to {{event.title}}.');
    // The placeholder help lists what the bodies use, as they are typed.
    const help = page.getByTestId('placeholder-help');
    await help.getByText('user.name', { exact: false }).first().waitFor();
    await help.getByText('event.title', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    // After creating, the editor opens (that is where preview and test send are).
    await page.waitForURL(/#\/templates\/[0-9a-f-]{36}$/);
    const { rows } = await env.pool.query('SELECT id, type, subject, body_html FROM templates WHERE name = $1', [NAME]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].type, 'email');
    assert.equal(rows[0].subject, 'Invitation: {{event.title}}');
    assert.match(rows[0].body_html, /\{\{user\.name\}\}/);
    templateId = rows[0].id;
  });

  it('previews the server rendering with edited sample variables inside a sandboxed iframe', async () => {
    const frame = page.locator('iframe[title="Preview of the HTML body"]');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '', 'no scripts, no same origin');
    // The first rendering shows stand-ins for variables without a declared sample.
    await page.frameLocator('iframe[title="Preview of the HTML body"]').getByText('[user.name]').waitFor();
    await field(page, 'sample_variables').fill(
      JSON.stringify({ user: { name: 'Ada <Lovelace>' }, event: { title: 'Standup' } }),
    );
    const body = page.frameLocator('iframe[title="Preview of the HTML body"]').locator('body');
    await body.getByText('Ada <Lovelace>').waitFor();
    // HTML-escaped by the server: the angle brackets are text, not a tag.
    assert.match(await body.innerHTML(), /<b>Ada &lt;Lovelace&gt;<\/b>/);
    await page.getByTestId('preview-subject').getByText('Invitation: Standup').waitFor();
    await page.getByTestId('preview-text').getByText('Hello Ada <Lovelace>, you are invited to Standup.').waitFor();
    // Live: an unsaved edit shows at once, and nothing is stored or counted as a use.
    const subject = await field(page, 'subject').inputValue();
    await field(page, 'subject').fill('Einladung: {{event.title}}');
    await page.getByTestId('preview-subject').getByText('Einladung: Standup').waitFor();
    const saved = await env.pool.query('SELECT subject FROM templates WHERE id = $1', [templateId]);
    assert.equal(saved.rows[0].subject, subject);
    await field(page, 'subject').fill(subject);
    await page.getByTestId('preview-subject').getByText('Invitation: Standup').waitFor();
    const usages = await env.pool.query('SELECT count(*)::int AS n FROM template_usages WHERE template_id = $1', [
      templateId,
    ]);
    assert.equal(usages.rows[0].n, 0, 'a preview is not a use');
  });

  it('sends a test mail through the real SMTP server and shows its Message-ID', async () => {
    await field(page, 'test_recipient').fill('ann@example.org');
    await page.getByRole('button', { name: 'Send test mail' }).click();
    const result = page.getByTestId('test-send-result');
    await result.getByText('Status: sent').waitFor({ timeout: 20_000 });
    const [mail] = await smtp.waitForMessages(1);
    assert.deepEqual(mail!.envelope.to, ['ann@example.org']);
    assert.equal(mail!.parsed.subject, 'Invitation: Standup');
    assert.match(String(mail!.parsed.html), /Ada &lt;Lovelace&gt;/);
    assert.match(await result.innerText(), new RegExp(`Message-ID: ${escapeRegExp(mail!.parsed.messageId!)}`));
    const log = await env.call(
      'GET',
      `/api/v1/mail?filter=${encodeURIComponent(JSON.stringify({ template_id: templateId }))}`,
    );
    assert.equal(log.status, 200, log.text);
    assert.equal(log.body.length, 1);
    assert.equal(log.body[0].status, 'sent');
  });

  it("shows the server's syntax error under the HTML body and keeps the stored version", async () => {
    await fillCode(page, 'body_html', '<p>{{#if event.title}}unclosed</p>');
    await page.getByRole('button', { name: 'Save' }).click();
    const helper = page.locator('[data-source="body_html"] .MuiFormHelperText-root.Mui-error');
    await helper.waitFor();
    assert.match(await helper.innerText(), /event\.title|expect|parse|close/i);
    assert.equal(
      await page.locator('[data-source="body_html"] .cm-content').getAttribute('aria-invalid'),
      'true',
      'the editor is marked invalid',
    );
    const { rows } = await env.pool.query('SELECT body_html FROM templates WHERE id = $1', [templateId]);
    assert.match(rows[0].body_html, /\{\{user\.name\}\}/);
  });

  it('edits the template and then deletes it', async () => {
    page = await env.open({ hash: `/templates/${templateId}` });
    await field(page, 'name').fill('Meeting invitation v2');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await notification(page), /updated/i);
    const renamed = await env.pool.query('SELECT name FROM templates WHERE id = $1', [templateId]);
    assert.equal(renamed.rows[0].name, 'Meeting invitation v2');

    await page.goto(page.url().replace(/#.*$/, '#/templates'));
    await page.getByRole('cell', { name: 'Meeting invitation v2' }).waitFor();
    await page.getByRole('cell', { name: 'Meeting invitation v2' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('empty-state').waitFor();
    const left = await env.pool.query('SELECT 1 FROM templates WHERE id = $1', [templateId]);
    assert.equal(left.rowCount, 0);
  });

  it('a viewer reads templates without edit controls', async () => {
    const created = await env.call('POST', '/api/v1/templates', {
      name: 'Reminder',
      type: 'email',
      subject: 'Reminder: {{event.title}}',
      body_text: 'Do not forget {{event.title}}.',
    });
    assert.ok([200, 201].includes(created.status), created.text);
    const viewer = await env.open({ role: 'viewer', hash: '/templates' });
    await viewer.getByRole('cell', { name: 'Reminder' }).first().waitFor();
    assert.equal(await viewer.getByRole('link', { name: 'Create' }).count(), 0);
    await viewer.getByRole('cell', { name: 'Reminder' }).first().click();
    await viewer.waitForURL(/\/show$/);
    await viewer.getByText('Do not forget {{event.title}}.').waitFor();
    assert.equal(await viewer.getByRole('link', { name: 'Edit' }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Delete' }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Send test mail' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
