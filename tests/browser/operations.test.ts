// The console's operations pages against real data: host health (latest figures and a 24 h
// chart drawn (uPlot canvas) from samples pushed as the agent does), requesting a healing action (it becomes a
// HEALING command), ingest domains and records with the JSON lines export, the workflow
// installs list, and a viewer who sees health without any healing controls.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startConsoleEnv, type ConsoleEnv } from '../helpers/console-env.ts';
import { field, notification } from '../helpers/console-page.ts';
import { gpu, sample } from '../helpers/health-samples.ts';

const MINUTE = 60_000;

/** A page expression: true once the chart's canvas has pixels of the first line's colour. */
const lineDrawn = (testId: string) => `(() => {
  const canvas = document.querySelector('[data-testid="${testId}"] canvas');
  if (!canvas || !canvas.width) return false;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let pixels = 0;
  for (let i = 0; i < data.length; i += 4)
    if (Math.abs(data[i] - 31) < 40 && Math.abs(data[i + 1] - 95) < 40 && Math.abs(data[i + 2] - 139) < 40 && data[i + 3] > 128) pixels++;
  return pixels > 20;
})()`;

describe('console: operations', () => {
  let env: ConsoleEnv;
  before(async () => {
    env = await startConsoleEnv();
    // An hour of samples of one GPU host, one every ten minutes, the newest a minute ago.
    const now = Date.now();
    for (let i = 6; i >= 0; i--) {
      const body = sample('gpu-a', now - MINUTE - i * 10 * MINUTE, {
        cpu: { percent: 20 + i },
        gpus: [gpu({ temperature_c: 60 + i })],
      });
      const reply = await env.call('POST', '/api/v1/health/samples', body);
      assert.equal(reply.status, 202, reply.text);
    }
  });
  after(async () => {
    await env?.close();
  });

  it('shows the hosts with their latest figures and charts of the last 24 hours', async () => {
    const page = await env.open({ hash: '/health' });
    const host = page.getByTestId('host-gpu-a');
    await host.waitFor();
    // The newest sample (i = 0) has CPU at 20 %.
    assert.equal(await page.getByTestId('gpu-a-cpu-value').innerText(), '20 %');
    assert.match(await page.getByTestId('gpu-a-gpu-0').innerText(), /60 °C/);
    // uPlot draws on a canvas: the line is there when pixels of its colour (#1f5f8b) are.
    for (const chart of ['chart-cpu', 'chart-gpu_temperature']) {
      await page.getByTestId(chart).locator('canvas').waitFor();
      await page.waitForFunction(lineDrawn(chart));
    }
  });

  it('an admin requests a healing action after confirming; it becomes a HEALING command', async () => {
    const page = await env.open({ hash: '/health' });
    await page.getByTestId('host-gpu-a').waitFor();
    await page.getByRole('link', { name: 'Request healing action' }).click();
    await page.waitForURL(/#\/healing-actions\/create$/);
    assert.equal(await field(page, 'host').inputValue(), 'gpu-a');
    await page.getByRole('combobox', { name: /Action/ }).click();
    await page.getByRole('option', { name: /^RESTART_SERVICE/ }).click();
    await field(page, 'params.service').fill('ollama');
    await field(page, 'reason').fill('n8n answers slowly');
    await page.getByRole('button', { name: 'Request action' }).click();
    await page.getByRole('dialog').getByText('The agent on gpu-a will run RESTART_SERVICE.').waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    assert.match(await notification(page), /queued/);
    await page.waitForURL(/#\/healing-actions\/[0-9a-f-]{36}\/show$/);
    const id = page.url().match(/healing-actions\/([0-9a-f-]{36})\/show/)![1];

    const { rows } = await env.pool.query(
      `SELECT a.status, a.reason, c.system, c.action, c.params, c.status AS command_status
         FROM healing_actions a JOIN commands c ON c.id = a.command_id WHERE a.id = $1`,
      [id],
    );
    assert.deepEqual(rows, [
      {
        status: 'pending',
        reason: 'n8n answers slowly',
        system: 'HEALING',
        action: 'RESTART_SERVICE',
        params: { host: 'gpu-a', service: 'ollama' },
        command_status: 'PENDING',
      },
    ]);
    assert.match(await page.getByTestId('command-status').innerText(), /Pending/);
  });

  it('lists ingest domains and records, shows a payload and exports the records as JSON lines', async () => {
    const created = await env.call('POST', '/api/v1/ingest-tokens', { domain: 'weather-station' });
    assert.equal(created.status, 200, created.text);
    const pushed = await fetch(`${env.api.url}/ingest/weather-station`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.token}` },
      body: JSON.stringify([
        { station: 'north', temperature: 21.5 },
        { station: 'south', temperature: 18 },
      ]),
    });
    assert.equal(pushed.status, 200, await pushed.text());

    const page = await env.open({ hash: '/ingest' });
    const row = page.getByTestId('domain-weather-station');
    await row.waitFor();
    assert.match(await row.innerText(), /weather-station\s+2\b/);
    await page.getByRole('button', { name: 'Records weather-station' }).click();
    const records = page.getByTestId('ingest-records');
    await records.getByText('"station":"north"').waitFor();
    await records.getByText('"station":"south"').click();
    assert.deepEqual(JSON.parse(await page.getByTestId('ingest-payload').innerText()), {
      station: 'south',
      temperature: 18,
    });
    await page.getByRole('button', { name: 'Close' }).click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export weather-station' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^weather-station-.*\.jsonl$/);
    const lines = (await readFile((await download.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.payload),
      [
        { station: 'north', temperature: 21.5 },
        { station: 'south', temperature: 18 },
      ],
    );
    assert.match(await notification(page), /Exported 2 records/);
  });

  it('lists the installed workflows', async () => {
    await env.pool.query(
      `INSERT INTO workflow_installs (workflow_id, workflow_key, name, version, content_hash, n8n_content_hash, active, imported_by, file_name)
       VALUES ('wf123', 'reminders', 'Chronos reminders', 4, repeat('a', 64), repeat('a', 64), true, 'npm start', 'workflows/reminders.json')`,
    );
    const page = await env.open({ hash: '/workflow-installs' });
    const row = page.getByRole('row', { name: /Chronos reminders/ });
    await row.waitFor();
    assert.match(await row.innerText(), /reminders[\s\S]*4[\s\S]*matched the file[\s\S]*wf123/);
  });

  it('a viewer sees host health and healing actions but no healing controls', async () => {
    const page = await env.open({ role: 'viewer', hash: '/health' });
    await page.getByTestId('host-gpu-a').waitFor();
    await page.getByTestId('recent-healing-actions').getByText('RESTART_SERVICE ollama').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Request healing action' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Evaluate now' }).count(), 0);
    await page.goto(`${env.api.url}/admin/#/healing-actions`);
    await page.getByRole('cell', { name: 'gpu-a' }).first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0);
  });

  after(() => env?.assertNoConsoleErrors());
});
