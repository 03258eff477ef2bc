// Calendars, event templates, notes and saved links in the browser: each one's list → create
// → edit → delete path with the rows checked in the database, search, a field error from the
// form, and a viewer without edit controls.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError } from '../helpers/console-page.ts';

async function deleteOpenRecord(page: Page, remainingCell: string) {
  await page.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('button', { name: 'Confirm' })
    .click()
    .catch(() => undefined);
  await page.getByRole('cell', { name: remainingCell }).first().waitFor();
}

describe('console: planning resources', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('an admin creates, edits and deletes a calendar with working hours', async () => {
    const page = await env.open({ hash: '/calendars' });
    await page.getByRole('cell', { name: 'default', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await field(page, 'id').fill('support');
    await field(page, 'name').fill('Support desk');
    await field(page, 'working_hours.mon').fill('08:00-12:00, 13:00-16:00');
    await field(page, 'working_hours.sat').fill('10:00-09:00');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'working_hours.sat'), /must end after it starts/i);
    await field(page, 'working_hours.sat').fill('');
    await field(page, 'default_reminder_offsets').fill('15, 60');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Support desk' }).waitFor();
    const { rows } = await env.pool.query(
      'SELECT working_hours, default_reminder_offsets FROM calendars WHERE id = $1',
      ['support'],
    );
    assert.deepEqual(rows[0].working_hours.mon, ['08:00-12:00', '13:00-16:00']);
    assert.deepEqual(rows[0].working_hours.sat, []);
    assert.deepEqual(rows[0].default_reminder_offsets, [15, 60]);

    await page.getByRole('cell', { name: 'Support desk' }).click();
    await field(page, 'name').fill('Support team');
    await field(page, 'buffer_minutes').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Support team' }).waitFor();
    const edited = await env.pool.query('SELECT name, buffer_minutes FROM calendars WHERE id = $1', ['support']);
    assert.deepEqual(edited.rows[0], { name: 'Support team', buffer_minutes: 10 });

    await page.getByRole('cell', { name: 'Support team' }).click();
    await deleteOpenRecord(page, 'default');
    assert.equal(await env.rowCountEventually('SELECT 1 FROM calendars WHERE id = $1', ['support'], 0), 0);
  });

  it('an admin creates, edits and deletes an event template with a checklist', async () => {
    const page = await env.open({ hash: '/event-templates' });
    await page.getByTestId('empty-state').waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field(page, 'name').fill('Onboarding');
    await field(page, 'title').fill('Onboarding session');
    await field(page, 'duration_minutes').fill('90');
    await page.getByRole('button', { name: 'Add' }).click();
    await field(page, 'checklist.0.text').fill('Prepare laptop');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Onboarding session' }).waitFor();
    const { rows } = await env.pool.query(
      'SELECT id, duration_minutes, checklist FROM event_templates WHERE name = $1',
      ['Onboarding'],
    );
    assert.equal(rows[0].duration_minutes, 90);
    assert.deepEqual(rows[0].checklist, [{ text: 'Prepare laptop', notes: null }]);

    await page.getByRole('cell', { name: 'Onboarding session' }).click();
    await field(page, 'title').fill('Welcome session');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Welcome session' }).waitFor();
    const edited = await env.pool.query('SELECT title FROM event_templates WHERE id = $1', [rows[0].id]);
    assert.equal(edited.rows[0].title, 'Welcome session');

    await page.getByRole('cell', { name: 'Welcome session' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await env.rowCountEventually('SELECT 1 FROM event_templates WHERE id = $1', [rows[0].id], 0), 0);
  });

  it('an admin creates, searches, edits and deletes a note', async () => {
    const page = await env.open({ hash: '/notes' });
    await page.getByTestId('empty-state').waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field(page, 'text').fill('Besprechungen mit dem Vertrieb vorbereiten');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: /Besprechungen mit dem Vertrieb/ }).waitFor();
    assert.equal((await env.call('POST', '/api/v1/notes', { text: 'Unrelated shopping list' })).status, 200);
    await page.reload();
    await page.getByRole('cell', { name: 'Unrelated shopping list' }).waitFor();
    await field(page, 'q').fill('Besprechung');
    await page.getByRole('cell', { name: 'Unrelated shopping list' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: /Besprechungen mit dem Vertrieb/ }).click();
    await field(page, 'text').fill('Besprechungen mit dem Einkauf vorbereiten');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: /Einkauf/ }).waitFor();
    const { rows } = await env.pool.query('SELECT id, source FROM notes WHERE text LIKE $1', ['%Einkauf%']);
    assert.equal(rows[0].source, 'console');

    await page.getByRole('cell', { name: /Einkauf/ }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByRole('cell', { name: /Einkauf/ }).waitFor({ state: 'detached' });
    await page.waitForURL((url) => !url.hash.includes('/notes/'));
    assert.equal(await env.rowCountEventually('SELECT 1 FROM notes WHERE id = $1', [rows[0].id], 0), 0);
  });

  it('an admin creates, edits and deletes a saved link, and a bad URL shows under its field', async () => {
    const page = await env.open({ hash: '/saved-links/create' });
    await field(page, 'url').fill('ftp://example.com/file');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'url'), /http/i);
    await field(page, 'url').fill('https://example.com/handbook');
    await field(page, 'description').fill('Team handbook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Team handbook' }).waitFor();
    const { rows } = await env.pool.query('SELECT id, url FROM saved_links WHERE description = $1', ['Team handbook']);
    assert.equal(rows[0].url, 'https://example.com/handbook');

    await page.getByRole('cell', { name: 'Team handbook' }).click();
    await field(page, 'description').fill('Company handbook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Company handbook' }).waitFor();

    await page.getByRole('cell', { name: 'Company handbook' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('button', { name: 'Confirm' })
      .click()
      .catch(() => undefined);
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await env.rowCountEventually('SELECT 1 FROM saved_links WHERE id = $1', [rows[0].id], 0), 0);
  });

  it('a viewer sees calendars and notes without edit controls', async () => {
    assert.equal((await env.call('POST', '/api/v1/notes', { text: 'Viewer-visible note' })).status, 200);
    const page = await env.open({ role: 'viewer', hash: '/calendars' });
    await page.getByRole('cell', { name: 'default', exact: true }).click();
    await page.waitForURL((url) => url.hash.endsWith('/show'));
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0);
    await page.goto(page.url().replace(/#.*$/, '#/notes'));
    await page.getByRole('cell', { name: 'Viewer-visible note' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([400]));
});
