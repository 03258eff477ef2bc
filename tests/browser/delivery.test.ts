// Delivery pages in the browser: subscriptions (create with the secret shown once and a signed
// test message, an invalid URL under its field, edit, delete) and the outbox (pending/dead
// counts, a row's payload and attempts, retry of one dead row and bulk retry of two, checked
// in the database), and a viewer without action buttons.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError } from '../helpers/console-page.ts';

describe('console: delivery', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('creates a subscription, shows its secret once, sends a signed test, edits and deletes it', async () => {
    const page = await env.open({ hash: '/subscriptions/create' });
    await field(page, 'url').fill('not a url');
    await field(page, 'event_types').click();
    await page.getByRole('option', { name: 'event.created', exact: true }).click();
    // A multiple select stays open after a choice; close it so the next click reaches Save.
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'url'), /http/);

    await field(page, 'url').fill('https://hooks.example.test/chronos');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog');
    const secret = await dialog.locator('input[name="secret"]').inputValue();
    assert.match(secret, /^whsec_/);
    await dialog.getByRole('button', { name: 'Send test message' }).click();
    await dialog.getByText(/Accepted: the signature matches/).waitFor();
    await dialog.getByRole('button', { name: 'I have stored the secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'https://hooks.example.test/chronos' }).waitFor();
    const { rows } = await env.pool.query('SELECT id, event_types, active FROM subscriptions');
    assert.deepEqual(
      rows.map(({ event_types, active }) => ({ event_types, active })),
      [{ event_types: ['event.created'], active: true }],
    );
    // The test message was verified and its id recorded by the API.
    const seen = await env.pool.query('SELECT 1 FROM seen_webhook_ids WHERE source = $1', [
      `subscription:${rows[0].id}`,
    ]);
    assert.equal(seen.rowCount, 1);

    // Wait for the edit page's own fetch of the record, not just for the list's cached copy in
    // the form: typing before that answer arrives is reset by it (seen on a slow machine).
    const recordLoaded = page.waitForResponse(
      (r) => r.request().method() === 'GET' && /\/api\/v1\/subscriptions\/[0-9a-f-]{36}$/.test(r.url()),
    );
    await page.getByRole('cell', { name: 'https://hooks.example.test/chronos' }).click();
    await recordLoaded;
    await page.locator('input[name="url"][value^="https://"]').waitFor();
    await field(page, 'description').fill('n8n production');
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
    const leaked = page.locator('input[value^="whsec_"]');
    assert.equal(await leaked.count(), 0, await leaked.evaluateAll((els) => els.map((e) => e.outerHTML).join()));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'https://hooks.example.test/chronos' }).waitFor();
    const edited = await env.pool.query('SELECT description FROM subscriptions');
    assert.equal(edited.rows[0].description, 'n8n production');

    await page.getByRole('cell', { name: 'https://hooks.example.test/chronos' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByRole('cell', { name: 'https://hooks.example.test/chronos' }).waitFor({ state: 'detached' });
    assert.equal(await env.rowCountEventually('SELECT 1 FROM subscriptions', [], 0), 0);
  });

  it('shows outbox counts, a row with its attempts, and retries dead rows one by one and in bulk', async () => {
    const sub = await env.call('POST', '/api/v1/subscriptions', {
      url: 'https://hooks.example.test/outbox',
      event_types: ['event.*'],
    });
    assert.equal(sub.status, 200, sub.text);
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      const start = Date.now() + 3_600_000;
      const reply = await env.call('POST', '/api/v1/events', {
        title,
        start_at: new Date(start).toISOString(),
        end_at: new Date(start + 60_000).toISOString(),
      });
      assert.equal(reply.status, 200, reply.text);
    }
    const { rows: outbox } = await env.pool.query<{ id: string }>(
      "SELECT id FROM outbox WHERE subscription_id = $1 AND event_type = 'event.created' ORDER BY created_at",
      [(sub.body as { id: string }).id],
    );
    assert.ok(outbox.length >= 4, `outbox rows: ${outbox.length}`);
    const dead = outbox.slice(0, 3).map((r) => r.id);
    const pending = (await env.pool.query("SELECT 1 FROM outbox WHERE status = 'pending'")).rowCount! - 3;
    await env.pool.query(
      `UPDATE outbox SET status = 'dead', attempts = 2, last_status_code = 500, last_error = 'HTTP 500' WHERE id = ANY($1)`,
      [dead],
    );
    await env.pool.query(
      `INSERT INTO delivery_attempts (outbox_id, attempt, started_at, finished_at, duration_ms, outcome, status_code, error)
       VALUES ($1, 1, now() - interval '2 minutes', now() - interval '2 minutes', 321, 'failed', 502, 'Bad gateway from receiver')`,
      [dead[0]],
    );

    const page = await env.open({ hash: '/outbox' });
    await page.getByTestId('outbox-count-dead').getByText('Dead: 3').waitFor();
    await page.getByTestId('outbox-count-pending').getByText(`Pending: ${pending}`).waitFor();

    await page.goto(page.url().replace(/#.*/, `#/outbox/${dead[0]}/show`));
    await page.getByRole('cell', { name: 'Bad gateway from receiver' }).waitFor();
    await page.getByRole('cell', { name: '321 ms' }).waitFor();
    await page.getByText('"type": "event.created"').waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-status="pending"]').waitFor();
    const single = await env.pool.query('SELECT status, attempts FROM outbox WHERE id = $1', [dead[0]]);
    assert.deepEqual(single.rows[0], { status: 'pending', attempts: 0 });

    await page.goto(page.url().replace(/#.*/, '#/outbox'));
    await page.getByTestId('outbox-count-dead').click();
    await page.getByTestId('outbox-count-dead').getByText('Dead: 2').waitFor();
    const deadRows = page.locator('tr', { has: page.locator('[data-status="dead"]') });
    await deadRows.nth(1).waitFor();
    assert.equal(await deadRows.count(), 2);
    await deadRows.nth(0).getByRole('checkbox').check();
    await deadRows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Retry dead messages' }).click();
    await page.getByTestId('outbox-count-dead').getByText('Dead: 0').waitFor();
    const bulk = await env.pool.query('SELECT status FROM outbox WHERE id = ANY($1)', [dead.slice(1)]);
    assert.deepEqual(
      bulk.rows.map((r) => r.status),
      ['pending', 'pending'],
    );
  });

  it('purges old delivered rows after counting them', async () => {
    await env.pool.query(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, status, delivered_at, created_at, updated_at)
       VALUES ('event.created', 'webhook', 'https://hooks.example.test/old', '{}', 'old-delivered-1', 'delivered',
               now() - interval '90 days', now() - interval '90 days', now() - interval '90 days')`,
    );
    const page = await env.open({ hash: '/outbox' });
    await page.getByRole('button', { name: 'Purge old' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Count' }).click();
    await dialog.getByText('This deletes 1 message.').waitFor();
    await dialog.getByRole('button', { name: 'Delete them' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await env.pool.query("SELECT 1 FROM outbox WHERE idempotency_key = 'old-delivered-1'")).rowCount, 0);
  });

  it('a viewer sees the outbox and subscriptions without action buttons', async () => {
    await env.pool.query(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, status)
       VALUES ('event.created', 'webhook', 'https://hooks.example.test/v', '{}', 'viewer-dead-1', 'dead')`,
    );
    const page = await env.open({ role: 'viewer', hash: '/outbox' });
    await page.getByTestId('outbox-count-dead').getByText('Dead: 1').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Purge old' }).count(), 0);
    assert.equal(await page.getByRole('checkbox').count(), 0, 'no bulk selection for viewers');
    await page.locator('tr', { has: page.locator('[data-status="dead"]') }).click();
    await page.getByText('"type"').or(page.getByText('{}')).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0);

    await page.goto(page.url().replace(/#.*/, '#/subscriptions'));
    await page.getByRole('cell', { name: 'https://hooks.example.test/outbox' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
