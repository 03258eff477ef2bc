// Events in the browser: list → create → edit → delete, the end-before-start error under its
// field, the checklist ticked at once and kept after a reload, an auto_plan collision offering
// free slots (accepting one moves the event), the week view showing seeded events, creating
// from a template, and a viewer who can look but not change anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, fieldError } from '../helpers/console-page.ts';

const HOUR = 3_600_000;

/** `yyyy-MM-ddThh:mm` in local time, as a datetime-local input takes it (browser and tests share the zone). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Tomorrow at the given local hour. */
function tomorrowAt(hour: number): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(hour, 0, 0, 0);
  return date;
}

async function seedEvent(env: ConsoleEnv, body: Record<string, unknown>): Promise<string> {
  const reply = await env.call('POST', '/api/v1/events', body);
  assert.equal(reply.status, 200, reply.text);
  return (reply.body as { id: string }).id;
}

async function pick(page: Page, label: string, option: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.fill(option);
  await page.getByRole('option', { name: option }).first().click();
}

describe('console: events', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
  });
  after(async () => {
    await env?.close();
  });

  it('an admin creates, edits and deletes an event', async () => {
    await seedEvent(env, {
      title: 'Seeded planning session',
      start_at: tomorrowAt(8).toISOString(),
      end_at: tomorrowAt(9).toISOString(),
    });
    const page = await env.open({ hash: '/events' });
    await page.getByRole('cell', { name: 'Seeded planning session' }).waitFor();
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await field(page, 'title').fill('Quarterly review');
    await field(page, 'start_at').fill(localInput(tomorrowAt(13)));
    await field(page, 'end_at').fill(localInput(tomorrowAt(14)));
    await page.getByRole('button', { name: 'Save' }).click();
    // A new event opens on its page (checklist and links live there).
    await page.getByTestId('checklist').waitFor();
    const created = await env.pool.query('SELECT id, start_at, calendar_id FROM events WHERE title = $1', [
      'Quarterly review',
    ]);
    assert.equal(created.rowCount, 1);
    assert.equal(created.rows[0].start_at.getTime(), tomorrowAt(13).getTime());
    assert.equal(created.rows[0].calendar_id, 'default');

    await field(page, 'title').fill('Quarterly review (moved)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Quarterly review (moved)' }).waitFor();
    const renamed = await env.pool.query('SELECT title FROM events WHERE id = $1', [created.rows[0].id]);
    assert.equal(renamed.rows[0].title, 'Quarterly review (moved)');

    await page.getByRole('cell', { name: 'Quarterly review (moved)' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    // Back on the list once the server confirmed the delete.
    await page.getByRole('cell', { name: 'Seeded planning session' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Quarterly review (moved)' }).count(), 0);
    const left = await env.pool.query('SELECT 1 FROM events WHERE id = $1', [created.rows[0].id]);
    assert.equal(left.rowCount, 0);
  });

  it('shows an end before the start under the end field', async () => {
    const page = await env.open({ hash: '/events/create' });
    await field(page, 'title').fill('Backwards');
    await field(page, 'start_at').fill(localInput(tomorrowAt(15)));
    await field(page, 'end_at').fill(localInput(tomorrowAt(14)));
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await fieldError(page, 'end_at'), /end must be after the start/i);
    const { rowCount } = await env.pool.query('SELECT 1 FROM events WHERE title = $1', ['Backwards']);
    assert.equal(rowCount, 0);
  });

  it('ticks a checklist item at once and keeps it after a reload', async () => {
    const id = await seedEvent(env, {
      title: 'Launch prep',
      start_at: tomorrowAt(10).toISOString(),
      end_at: tomorrowAt(11).toISOString(),
    });
    for (const text of ['Book the room', 'Send the agenda'])
      assert.equal((await env.call('POST', `/api/v1/events/${id}/sub-tasks`, { text })).status, 200);

    const page = await env.open({ hash: `/events/${id}` });
    const progress = page.getByTestId('checklist-progress');
    await progress.filter({ hasText: '0 of 2 done' }).waitFor();
    // Controlled by the server's answer: a click, then the new progress.
    await page.getByRole('checkbox', { name: 'Send the agenda' }).click();
    await progress.filter({ hasText: '1 of 2 done' }).waitFor();
    const ticked = await env.pool.query('SELECT text, completed FROM sub_tasks WHERE event_id = $1 ORDER BY position', [
      id,
    ]);
    assert.deepEqual(ticked.rows, [
      { text: 'Book the room', completed: false },
      { text: 'Send the agenda', completed: true },
    ]);

    await field(page, 'new_sub_task').fill('Order snacks');
    await page.getByTestId('checklist').getByRole('button', { name: 'Add', exact: true }).click();
    await progress.filter({ hasText: '1 of 3 done' }).waitFor();
    // Move the new (last) item up one place, then reload: order and ticks come from the server.
    const reordered = page.waitForResponse((r) => r.url().endsWith('/sub-tasks/reorder') && r.ok());
    await page.getByRole('button', { name: 'Move up' }).nth(2).click();
    await reordered;
    await page.reload();
    await progress.filter({ hasText: '1 of 3 done' }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'Send the agenda' }).isChecked(), true);
    const order = await env.pool.query('SELECT text FROM sub_tasks WHERE event_id = $1 ORDER BY position', [id]);
    assert.deepEqual(
      order.rows.map((r) => r.text),
      ['Book the room', 'Order snacks', 'Send the agenda'],
    );
  });

  it('offers free slots for an auto_plan collision and moves the event to the accepted one', async () => {
    const allDay = ['00:00-24:00'];
    const calendar = await env.call('POST', '/api/v1/calendars', {
      id: 'planned',
      name: 'Planned',
      time_zone: 'UTC',
      default_mode: 'auto_plan',
      working_hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    });
    assert.equal(calendar.status, 200, calendar.text);
    const attendees = ['ada@chronos.test'];
    await seedEvent(env, {
      calendar_id: 'planned',
      title: 'Board meeting',
      attendees,
      start_at: tomorrowAt(10).toISOString(),
      end_at: tomorrowAt(11).toISOString(),
    });
    const id = await seedEvent(env, {
      calendar_id: 'planned',
      title: 'One-on-one',
      attendees,
      start_at: tomorrowAt(14).toISOString(),
      end_at: tomorrowAt(15).toISOString(),
    });

    const page = await env.open({ hash: `/events/${id}` });
    await field(page, 'title').waitFor();
    await page.getByTestId('checklist').waitFor();
    await field(page, 'start_at').fill(localInput(new Date(tomorrowAt(10).getTime() + HOUR / 2)));
    await field(page, 'end_at').fill(localInput(new Date(tomorrowAt(11).getTime() + HOUR / 2)));
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/events/${id}`) && r.status() === 409);
    await page.getByRole('button', { name: 'Save' }).click();
    const problem = (await (await refused).json()) as { suggestions: Array<{ start_at: string }> };
    assert.ok(problem.suggestions.length > 0);
    await page.getByRole('dialog').getByText('Board meeting').waitFor();
    await page.getByRole('button', { name: 'Move here' }).first().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'One-on-one' }).waitFor();
    const moved = await env.pool.query('SELECT start_at FROM events WHERE id = $1', [id]);
    assert.equal(moved.rows[0].start_at.toISOString(), new Date(problem.suggestions[0]!.start_at).toISOString());
  });

  it('shows seeded events in the week view', async () => {
    const today = new Date();
    today.setHours(12, 0, 0, 0);
    await seedEvent(env, {
      title: 'Lunch with the team',
      start_at: today.toISOString(),
      end_at: new Date(today.getTime() + HOUR).toISOString(),
    });
    const page = await env.open({ hash: '/events-calendar' });
    await page.locator('.fc-timeGridWeek-view').waitFor();
    await page.locator('.fc-event', { hasText: 'Lunch with the team' }).waitFor();
    await page.getByRole('button', { name: 'month' }).click();
    await page.locator('.fc-dayGridMonth-view .fc-event', { hasText: 'Lunch with the team' }).waitFor();
  });

  it('creates an event from a template and opens it', async () => {
    const template = await env.call('POST', '/api/v1/event-templates', {
      name: 'Sprint review',
      title: 'Sprint review',
      duration_minutes: 45,
      tags: ['sprint'],
      checklist: ['Demo ready', 'Invite stakeholders'],
    });
    assert.equal(template.status, 200, template.text);
    const templateId = (template.body as { id: string }).id;

    const page = await env.open({ hash: '/events' });
    await page.getByRole('button', { name: 'From template' }).click();
    await pick(page, 'Event template', 'Sprint review');
    await page
      .getByRole('dialog')
      .locator('[name="start_at"]')
      .fill(localInput(tomorrowAt(16)));
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByTestId('checklist-progress').filter({ hasText: '0 of 2 done' }).waitFor();
    const { rows } = await env.pool.query(
      `SELECT e.title, e.start_at, e.end_at, e.tags, (SELECT count(*)::int FROM sub_tasks s WHERE s.event_id = e.id) AS items
         FROM events e WHERE e.template_id = $1`,
      [templateId],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].title, 'Sprint review');
    assert.equal(rows[0].start_at.getTime(), tomorrowAt(16).getTime());
    assert.equal(rows[0].end_at.getTime() - rows[0].start_at.getTime(), 45 * 60_000);
    assert.deepEqual(rows[0].tags, ['sprint']);
    assert.equal(rows[0].items, 2);
  });

  it('links events, shows a refused dependency cycle and removes a link', async () => {
    const design = await seedEvent(env, {
      title: 'Design freeze',
      start_at: tomorrowAt(6).toISOString(),
      end_at: tomorrowAt(7).toISOString(),
    });
    const build = await seedEvent(env, {
      title: 'Build release',
      start_at: tomorrowAt(7).toISOString(),
      end_at: tomorrowAt(8).toISOString(),
    });
    const first = await env.call('POST', `/api/v1/events/${design}/links`, {
      target_event_id: build,
      link_type: 'depends_on',
    });
    assert.equal(first.status, 200, first.text);

    const page = await env.open({ hash: `/events/${build}` });
    const links = page.getByTestId('links');
    await links.getByRole('cell', { name: 'Design freeze' }).waitFor();
    await links.getByRole('combobox', { name: 'Link' }).click();
    await page.getByRole('option', { name: 'Depends on' }).click();
    await pick(page, 'Target event', 'Design freeze');
    await links.getByRole('button', { name: 'Add link' }).click();
    await links.getByText(/would close a dependency cycle/).waitFor();
    const refused = await env.pool.query('SELECT 1 FROM event_links WHERE source_event_id = $1', [build]);
    assert.equal(refused.rowCount, 0);

    await links.getByRole('button', { name: 'Remove link' }).click();
    await links.getByRole('cell', { name: 'Design freeze' }).waitFor({ state: 'detached' });
    assert.equal(await env.rowCountEventually('SELECT 1 FROM event_links WHERE source_event_id = $1', [design], 0), 0);
  });

  it('a viewer sees events but cannot change them or tick the checklist', async () => {
    const id = await seedEvent(env, {
      title: 'Read-only review',
      start_at: tomorrowAt(17).toISOString(),
      end_at: tomorrowAt(18).toISOString(),
    });
    assert.equal((await env.call('POST', `/api/v1/events/${id}/sub-tasks`, { text: 'Check numbers' })).status, 200);
    const page = await env.open({ role: 'viewer', hash: '/events' });
    await page.getByRole('cell', { name: 'Read-only review' }).click();
    await page.getByTestId('checklist-progress').filter({ hasText: '0 of 1 done' }).waitFor();
    assert.match(page.url(), /\/show$/);
    assert.equal(await page.getByRole('checkbox', { name: 'Check numbers' }).isDisabled(), true);
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0);
    assert.equal(await page.locator('[name="new_sub_task"]').count(), 0);
    await page.goto(page.url().replace(/#.*$/, '#/events'));
    await page.getByRole('cell', { name: 'Read-only review' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'From template' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors([409]));
});
