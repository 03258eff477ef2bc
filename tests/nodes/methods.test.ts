// The editor lists of the Chronos node (loadOptions / listSearch) against a real admin-api:
// calendars, templates (name + type), whitelisted systems and the chosen system's actions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listSearch, loadOptions } from '../helpers/n8n-harness.ts';
import { startChronos, type ChronosFixture } from './chronos-fixture.ts';

describe('Chronos node: editor lists', { timeout: 120_000 }, () => {
  let chronos: ChronosFixture;
  let templateId: string;

  before(async () => {
    chronos = await startChronos(['events.read', 'templates.read', 'whitelists.manage']);
    await chronos.call('POST', '/api/v1/calendars', { id: 'work', name: 'Work' });
    await chronos.call('POST', '/api/v1/calendars', { id: 'family', name: 'Family life' });
    templateId = (
      await chronos.call('POST', '/api/v1/templates', {
        name: 'Reminder mail',
        type: 'email',
        subject: 'Soon: {{event.title}}',
        body_text: '{{event.title}}',
      })
    ).id;
    await chronos.call('POST', '/api/v1/templates', { name: 'Hook', type: 'webhook', payload: { a: 1 } });
    for (const [system, action, enabled] of [
      ['DEPLOY', 'RESTART', true],
      ['DEPLOY', 'PING', true],
      ['DEPLOY', 'WIPE', false],
      ['OPS', 'REBOOT', true],
      ['OLD', 'GONE', false],
    ] as const) {
      await chronos.call('POST', '/api/v1/whitelists', { system, action, enabled, description: `${action} it` });
    }
  });
  after(() => chronos?.close());

  it('lists calendars (loadOptions and searchable list)', async () => {
    const options = await loadOptions({ credentials: chronos.credentials, method: 'getCalendars' });
    const values = options.map((o) => o.value);
    assert.ok(values.includes('work') && values.includes('family') && values.includes('default'), values.join());
    assert.ok(options.some((o) => o.name === 'Work (work)'));
    const searched = await listSearch({
      credentials: chronos.credentials,
      method: 'searchCalendars',
      filter: 'family',
    });
    assert.deepEqual(
      searched.results.map((r) => r.value),
      ['family'],
    );
  });

  it('lists templates with their type', async () => {
    const options = await loadOptions({ credentials: chronos.credentials, method: 'getTemplates' });
    assert.deepEqual(
      options.map((o) => o.name),
      ['Hook (webhook)', 'Reminder mail (email)'],
    );
    const searched = await listSearch({
      credentials: chronos.credentials,
      method: 'searchTemplates',
      filter: 'reminder',
    });
    assert.deepEqual(searched.results, [{ name: 'Reminder mail (email)', value: templateId }]);
  });

  it('lists the systems with enabled whitelist entries, and the actions of the chosen one (with descriptions)', async () => {
    const systems = (await loadOptions({ credentials: chronos.credentials, method: 'getWhitelistedSystems' })).map(
      (s) => s.value,
    );
    assert.ok(systems.includes('DEPLOY') && systems.includes('OPS'), systems.join());
    assert.ok(!systems.includes('OLD'), 'a system without enabled entries is not offered');
    const enabled = (await chronos.call('GET', '/api/v1/whitelists?range=[0,999]')) as Array<{
      system: string;
      enabled: boolean;
    }>;
    assert.deepEqual(systems, [...new Set(enabled.filter((e) => e.enabled).map((e) => e.system))].sort());
    const actions = await loadOptions({
      credentials: chronos.credentials,
      method: 'getWhitelistedActions',
      parameters: { resource: 'command', operation: 'create', system: 'DEPLOY' },
    });
    assert.deepEqual(actions, [
      { name: 'PING', value: 'PING', description: 'PING it' },
      { name: 'RESTART', value: 'RESTART', description: 'RESTART it' },
    ]);
    const none = await loadOptions({
      credentials: chronos.credentials,
      method: 'getWhitelistedActions',
      parameters: { resource: 'command', operation: 'create', system: '' },
    });
    assert.deepEqual(none, []);
  });

  it('a key without the scope gets the 403 naming it', async () => {
    const limited = await startChronos(['events.read']);
    try {
      await assert.rejects(
        loadOptions({ credentials: limited.credentials, method: 'getTemplates' }),
        (error: Error & { description?: string }) => /templates\.read/.test(`${error.message} ${error.description}`),
      );
    } finally {
      await limited.close();
    }
  });
});
