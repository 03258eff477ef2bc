// The console's dashboard against seeded data: event counts for today and this week, templates,
// outbox and command counts (each linking to its filtered list), the newest backup's age with
// its warning, the API's /health checks, and the latest audit records linking to their pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';

const HOUR = 3_600_000;

describe('console: dashboard', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
    const now = Date.now();
    // Three events today (they start now: inside today's window whatever the hour), one far off.
    for (const [title, start] of [
      ['Stand-up', now],
      ['Review', now + 60_000],
      ['Retro', now + 120_000],
      ['Next quarter', now + 40 * 24 * HOUR],
    ] as const) {
      const reply = await env.call('POST', '/api/v1/events', {
        title,
        start_at: new Date(start).toISOString(),
        end_at: new Date(start + 60_000).toISOString(),
      });
      assert.equal(reply.status, 200, reply.text);
    }
    for (const name of ['Reminder mail', 'Digest mail']) {
      const reply = await env.call('POST', '/api/v1/templates', { name, type: 'webhook', payload: { text: name } });
      assert.equal(reply.status, 200, reply.text);
    }
    await env.pool.query(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, status, attempts, last_error)
       VALUES ('event.created', 'webhook', 'https://hooks.example.test/a', '{}', 'dash-dead-1', 'dead', 10, 'HTTP 500'),
              ('event.created', 'webhook', 'https://hooks.example.test/a', '{}', 'dash-pending-1', 'pending', 0, null)`,
    );
    await env.pool.query(`INSERT INTO whitelists (system, action, params) VALUES ('DASH', 'PING', '{}')`);
    for (let i = 0; i < 2; i++) {
      const reply = await env.call('POST', '/api/v1/commands', { system: 'DASH', action: 'PING', params: {} });
      assert.equal(reply.status, 200, reply.text);
    }
    // The newest backup finished 30 hours ago: older than a day, so the card warns.
    await env.pool.query(
      `INSERT INTO backups (status, kind, target, location, object_key, size_bytes, sha256, started_at, finished_at)
       SELECT 'completed', 'daily', 'folder', '/srv/backups', 'chronos-' || n || '.zip', 1024, repeat('a', 64),
              now() - make_interval(hours => n + 1), now() - make_interval(hours => n)
       FROM unnest(ARRAY[30, 79]) AS n`,
    );
  });
  after(async () => {
    await env?.close();
  });

  const figure = async (page: Page, id: string) => {
    const value = page.getByTestId(`count-${id}-value`);
    await value.waitFor();
    return (await value.innerText()).trim();
  };
  const count = async (sql: string) => String((await env.pool.query(sql)).rows[0].count);

  it('shows the counts of the seeded data and links each to its filtered list', async () => {
    const page = await env.open({ hash: '/' });
    assert.equal(await figure(page, 'events-today'), '3');
    assert.equal(await figure(page, 'events-week'), '3');
    assert.equal(await figure(page, 'templates'), '2');
    assert.equal(await figure(page, 'outbox-dead'), '1');
    assert.equal(
      await figure(page, 'outbox-pending'),
      await count(`SELECT count(*) FROM outbox WHERE status = 'pending'`),
    );
    assert.equal(await figure(page, 'commands-pending'), '2');
    assert.equal(await figure(page, 'commands-failed'), '0');
    assert.equal(await figure(page, 'rules-active'), '0');

    const deadLink = await page.getByTestId('count-outbox-dead').getAttribute('href');
    assert.ok(deadLink, 'the dead figure is a link');
    const filter = JSON.parse(decodeURIComponent(deadLink.split('filter=')[1]!));
    assert.deepEqual(filter, { status: 'dead' });
    assert.match(deadLink, /#\/outbox\?/);
  });

  it('warns about a backup older than a day and shows the API health checks', async () => {
    const page = await env.open({ hash: '/' });
    await page.getByTestId('backup-state').waitFor();
    assert.match(await page.getByTestId('backup-age').innerText(), /30 hours ago/);
    assert.match(await page.getByTestId('backup-state').innerText(), /Older than a day/);
    assert.match(await page.getByTestId('health-check-database').innerText(), /Database: up/);
    await page.getByTestId('health-overall').waitFor();
  });

  it('lists the latest audit records, each linking to its show page', async () => {
    const latest = await env.call('GET', '/api/v1/audit?sort=["seq","DESC"]&range=[0,0]');
    assert.equal(latest.status, 200, latest.text);
    const record = latest.body[0] as { id: string; entity: string; action: string };
    const page = await env.open({ hash: '/' });
    const link = page.getByTestId('audit-card').locator(`a[href$="/audit/${record.id}/show"]`);
    await link.waitFor();
    assert.match(await link.innerText(), new RegExp(`${record.entity} · ${record.action}`));
    await link.click();
    await page.waitForURL(new RegExp(`#/audit/${record.id}/show$`));
  });

  it('a viewer sees the same figures', async () => {
    const page = await env.open({ role: 'viewer', hash: '/' });
    assert.equal(await figure(page, 'events-today'), '3');
    assert.equal(await figure(page, 'outbox-dead'), '1');
  });

  after(() => env?.assertNoConsoleErrors());
});
