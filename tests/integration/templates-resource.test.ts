// /api/v1/templates over HTTP: CRUD, list contract, syntax errors by field, 409, rendering
// with HTML escaping and missing variables, usage ranking, audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

describe('templates resource', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let admin: string;
  let reader: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    admin = (await createApiKey(pool, { name: 'root', scopes: ['templates.write', 'templates.read'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['templates.read'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = admin) =>
    request(api.url, method, path, { token: key, body });

  const email = {
    name: 'Invitation',
    type: 'email',
    category: 'notification',
    subject: 'Invitation: {{event.title}}',
    body_html:
      '<h1>{{event.title}}</h1>{{#if event.location}}<p>{{event.location}}</p>{{/if}}<ul>{{#each attendees}}<li>{{name}}</li>{{/each}}</ul>',
    body_text: '{{event.title}} — {{event.start}}',
    variables: {
      'event.title': { required: true, sample: 'Board <meeting>' },
      'event.start': { sample: '2025-01-01 10:00' },
    },
  };
  let emailId: string;

  it('creates, reads, replaces and lists templates with the list contract', async () => {
    const created = await call('POST', '/api/v1/templates', email);
    assert.equal(created.status, 200, created.text);
    emailId = created.body.id;
    assert.equal(created.body.usage_count, 0);
    assert.deepEqual((await call('GET', `/api/v1/templates/${emailId}`, undefined, reader)).body, created.body);
    const webhook = await call('POST', '/api/v1/templates', {
      name: 'Hook',
      type: 'webhook',
      payload: { title: '{{event.title}}', n: '{{event.count}}', text: 'a "{{event.title}}"' },
    });
    assert.equal(webhook.status, 200, webhook.text);
    const put = await call('PUT', `/api/v1/templates/${webhook.body.id}`, {
      ...webhook.body,
      description: 'JSON for n8n',
      usage_count: 99,
      id: 'ignored',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.description, 'JSON for n8n');
    assert.equal(put.body.usage_count, 0);
    const page = await call(
      'GET',
      `/api/v1/templates?range=${encodeURIComponent('[0,0]')}&sort=${encodeURIComponent('["name","ASC"]')}`,
    );
    assert.equal(page.headers.get('content-range'), 'templates 0-0/2');
    assert.equal(page.body[0].name, 'Hook');
    const filtered = await call(
      'GET',
      `/api/v1/templates?filter=${encodeURIComponent('{"type":"email","q":"invit"}')}`,
    );
    assert.deepEqual(
      filtered.body.map((t: Json) => t.id),
      [emailId],
    );
    assert.equal(
      (await call('GET', `/api/v1/templates?sort=${encodeURIComponent('["body_html","ASC"]')}`)).status,
      400,
    );
    assert.equal((await call('POST', '/api/v1/templates', email, reader)).status, 403);
  });

  it('refuses bad bodies field by field, syntax errors included, and writes nothing', async () => {
    const count = async () => Number((await pool.query('SELECT count(*) FROM templates')).rows[0].count);
    const before = await count();
    const bad = await call('POST', '/api/v1/templates', { name: '', type: 'sms' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.errors).sort(), ['name', 'type']);
    const syntax = await call('POST', '/api/v1/templates', {
      ...email,
      name: 'Broken',
      body_html: '<p>{{#if event.title}}never closed</p>',
      subject: '{{formatDate event.start}}',
    });
    assert.equal(syntax.status, 400);
    assert.deepEqual(Object.keys(syntax.body.errors).sort(), ['body_html', 'subject']);
    const payload = await call('POST', '/api/v1/templates', {
      name: 'P',
      type: 'webhook',
      payload: { a: { b: '{{x' } },
    });
    assert.ok('payload.a.b' in payload.body.errors, payload.text);
    const missingParts = await call('POST', '/api/v1/templates', { name: 'E', type: 'email' });
    assert.deepEqual(Object.keys(missingParts.body.errors).sort(), ['body_html', 'subject']);
    assert.equal(await count(), before);
    const duplicate = await call('POST', '/api/v1/templates', email);
    assert.equal(duplicate.status, 409);
    assert.ok(duplicate.body.errors.name);
  });

  it('renders with HTML escaping in the HTML body only, from samples when no variables are given', async () => {
    const rendered = await call('POST', `/api/v1/templates/${emailId}/render`, {
      variables: { event: { title: 'A & <b>', start: 'now', location: 'Room <1>' }, attendees: [{ name: 'Ann' }] },
    });
    assert.equal(rendered.status, 200, rendered.text);
    assert.equal(rendered.body.subject, 'Invitation: A & <b>');
    assert.equal(rendered.body.body_html, '<h1>A &amp; &lt;b&gt;</h1><p>Room &lt;1&gt;</p><ul><li>Ann</li></ul>');
    assert.equal(rendered.body.body_text, 'A & <b> — now');
    assert.deepEqual(rendered.body.missing, []);
  });

  it('reports missing variables: 422 by default, a list with strict:false', async () => {
    const strict = await call('POST', `/api/v1/templates/${emailId}/render`, {});
    assert.equal(strict.status, 422);
    assert.deepEqual(strict.body.missing, ['attendees']);
    assert.equal(strict.body.errors['variables.attendees'], 'is missing');
    const loose = await call('POST', `/api/v1/templates/${emailId}/render`, { strict: false });
    assert.equal(loose.status, 200);
    assert.equal(loose.body.subject, 'Invitation: Board <meeting>');
    assert.match(loose.body.body_html, /Board &lt;meeting&gt;/);
    assert.deepEqual(loose.body.missing, ['attendees']);
  });

  it('renders webhook payloads to valid, typed JSON', async () => {
    const hook = (await call('GET', `/api/v1/templates?filter=${encodeURIComponent('{"type":"webhook"}')}`)).body[0];
    const rendered = await call('POST', `/api/v1/templates/${hook.id}/render`, {
      variables: { event: { title: 'Quote " and \\ slash', count: 5 } },
    });
    assert.equal(rendered.status, 200, rendered.text);
    assert.deepEqual(rendered.body.payload, { title: 'Quote " and \\ slash', n: 5, text: 'a "Quote " and \\ slash"' });
  });

  it('previews an unsaved template for readers too, validating it like a save and counting nothing', async () => {
    const before = await pool.query('SELECT count(*)::int AS n FROM template_usages');
    const preview = await call(
      'POST',
      '/api/v1/templates/preview',
      {
        template: { ...email, subject: 'Draft: {{event.title}}' },
        variables: { event: { title: 'A & B', start: 'now' } },
      },
      reader,
    );
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.body.subject, 'Draft: A & B');
    assert.match(preview.body.body_html, /<h1>A &amp; B<\/h1>/);
    assert.deepEqual(preview.body.missing, ['attendees']);
    assert.equal('template_id' in preview.body, false);
    // Samples when no variables are given.
    const samples = await call('POST', '/api/v1/templates/preview', { template: email }, reader);
    assert.equal(samples.body.subject, 'Invitation: Board <meeting>');
    // A body error is a 400 keyed by its path, as a save would be.
    const broken = await call('POST', '/api/v1/templates/preview', {
      template: { ...email, body_html: '{{#if x}}never closed' },
    });
    assert.equal(broken.status, 400);
    assert.ok(broken.body.errors['template.body_html'], broken.text);
    const after = await pool.query('SELECT count(*)::int AS n FROM template_usages');
    assert.equal(after.rows[0].n, before.rows[0].n, 'a preview is not a use');
  });

  it('records usage and ranks by most used', async () => {
    const hook = (await call('GET', `/api/v1/templates?filter=${encodeURIComponent('{"type":"webhook"}')}`)).body[0];
    for (let i = 0; i < 3; i++)
      await call('POST', `/api/v1/templates/${hook.id}/render`, { variables: { event: { title: 't', count: i } } });
    const usages = await pool.query('SELECT used_by, context FROM template_usages WHERE template_id = $1', [hook.id]);
    assert.equal(usages.rowCount, 4);
    assert.equal(usages.rows[0].used_by, 'root');
    const ranked = await call('GET', `/api/v1/templates?sort=${encodeURIComponent('["usage_count","DESC"]')}`);
    assert.deepEqual(
      ranked.body.map((t: Json) => [t.name, t.usage_count]),
      [
        ['Hook', 4],
        ['Invitation', 2],
      ],
    );
    const mostUsed = await call('GET', '/api/v1/templates/most-used?limit=1', undefined, reader);
    assert.equal(mostUsed.status, 200, mostUsed.text);
    assert.deepEqual(
      mostUsed.body.map((t: Json) => t.name),
      ['Hook'],
    );
  });

  it('deletes returning the record, audits every change, and the chain verifies', async () => {
    const deleted = await call('DELETE', `/api/v1/templates/${emailId}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.id, emailId);
    assert.equal((await call('GET', `/api/v1/templates/${emailId}`)).status, 404);
    const audit = await pool.query(
      `SELECT action, old_value, new_value FROM audit_log WHERE entity = 'template' ORDER BY seq`,
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['create', 'create', 'update', 'delete'],
    );
    assert.equal(audit.rows[2].old_value.description, null);
    assert.equal(audit.rows[2].new_value.description, 'JSON for n8n');
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
