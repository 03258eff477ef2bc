// /api/v1/whitelists and /api/v1/rules over HTTP: CRUD, upper-casing, 409 on duplicates,
// the param check, export/import round trip (all or nothing), rules validated against the
// whitelists, audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import YAML from 'yaml';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { request } from '../helpers/http.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Json = Record<string, unknown>;

describe('whitelists and rules resources', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    // Migration 0020 seeds the HEALING actions; this suite counts whitelist rows from zero.
    await pool.query(`DELETE FROM whitelists WHERE system = 'HEALING'`);
    key = (await createApiKey(pool, { name: 'ops', scopes: ['whitelists.manage'] })).key;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, auth = key) =>
    request(api.url, method, path, { token: auth, body });
  const count = async (table: string) => Number((await pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  let telegramId: string;

  it('creates entries upper-casing system and action, lists, replaces, refuses duplicates with 409', async () => {
    const created = await call('POST', '/api/v1/whitelists', {
      system: 'telegram',
      action: 'send_message',
      params: {
        chat_id: { type: 'int', required: true },
        message: { type: 'string', required: true },
        silent: { type: 'bool' },
      },
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.system, 'TELEGRAM');
    assert.equal(created.body.action, 'SEND_MESSAGE');
    telegramId = created.body.id;
    await call('POST', '/api/v1/whitelists', {
      system: 'N8N',
      action: 'CREATE_USER',
      params: { user: { type: 'string', required: true }, email: { type: 'email' } },
      description: 'provision a user',
    });
    const duplicate = await call('POST', '/api/v1/whitelists', { system: 'Telegram', action: 'Send_Message' });
    assert.equal(duplicate.status, 409);
    assert.match(duplicate.body.errors.action, /already whitelisted/);
    const page = await call(
      'GET',
      `/api/v1/whitelists?sort=${encodeURIComponent('["system","ASC"]')}&range=${encodeURIComponent('[0,0]')}`,
    );
    assert.equal(page.headers.get('content-range'), 'whitelists 0-0/2');
    assert.equal(page.body[0].system, 'N8N');
    const q = await call('GET', `/api/v1/whitelists?filter=${encodeURIComponent('{"q":"provision"}')}`);
    assert.deepEqual(
      q.body.map((w: Json) => w.action),
      ['CREATE_USER'],
    );
    const put = await call('PUT', `/api/v1/whitelists/${telegramId}`, {
      ...created.body,
      description: 'chat',
      created_at: 'x',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.description, 'chat');
  });

  it('validates entries field by field and writes nothing', async () => {
    const before = await count('whitelists');
    const bad = await call('POST', '/api/v1/whitelists', {
      system: '9bad',
      action: '',
      params: { count: { type: 'integer' }, 'bad-name': { type: 'string' } },
      enabled: 'yes',
    });
    assert.equal(bad.status, 400);
    for (const field of ['system', 'action', 'params.count.type', 'enabled'])
      assert.ok(field in bad.body.errors, bad.text);
    assert.equal(await count('whitelists'), before);
  });

  it('checks commands: allowed, bad params, unknown and disabled entries (200 each time)', async () => {
    const ok = await call('POST', '/api/v1/whitelists/check', {
      system: 'telegram',
      action: 'send_message',
      params: { chat_id: 5, message: 'hi' },
    });
    assert.deepEqual(ok.body, { allowed: true, errors: {} });
    const bad = await call('POST', '/api/v1/whitelists/check', {
      system: 'TELEGRAM',
      action: 'SEND_MESSAGE',
      params: { chat_id: '5', extra: 1 },
    });
    assert.equal(bad.status, 200);
    assert.equal(bad.body.allowed, false);
    assert.deepEqual(bad.body.errors, {
      chat_id: 'must be a whole number',
      extra: 'is not an allowed parameter',
      message: 'is required',
    });
    const unknown = await call('POST', '/api/v1/whitelists/check', { system: 'SMTP', action: 'SEND' });
    assert.equal(unknown.body.allowed, false);
    assert.match(unknown.body.reason, /not whitelisted/);
  });

  it('exports stable YAML/JSON and round-trips through import (replace) to an identical export', async () => {
    const yaml = await call('GET', '/api/v1/whitelists/export?format=yaml');
    assert.equal(yaml.status, 200);
    assert.match(yaml.headers.get('content-type') ?? '', /yaml/);
    const doc = YAML.parse(yaml.text);
    assert.deepEqual(
      doc.entries.map((e: Json) => `${e.system}/${e.action}`),
      ['N8N/CREATE_USER', 'TELEGRAM/SEND_MESSAGE'],
    );
    const json = await call('GET', '/api/v1/whitelists/export?format=json');
    assert.deepEqual(json.body, doc);
    // Change the database, then restore it from the export.
    await call('POST', '/api/v1/whitelists', { system: 'SMTP', action: 'SEND' });
    await call('PUT', `/api/v1/whitelists/${telegramId}`, {
      system: 'TELEGRAM',
      action: 'SEND_MESSAGE',
      enabled: false,
    });
    const imported = await call('POST', '/api/v1/whitelists/import', {
      format: 'yaml',
      content: yaml.text,
      mode: 'replace',
    });
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(imported.body, { created: 0, updated: 1, deleted: 1, unchanged: 1 });
    assert.equal((await call('GET', '/api/v1/whitelists/export?format=yaml')).text, yaml.text);
    const merged = await call('POST', '/api/v1/whitelists/import', {
      format: 'json',
      content: JSON.stringify([{ system: 'healing', action: 'restart', params: {} }]),
      mode: 'merge',
    });
    assert.deepEqual(merged.body, { created: 1, updated: 0, deleted: 0, unchanged: 0 });
  });

  it('refuses a bad import entirely, naming each entry field', async () => {
    const before = await call('GET', '/api/v1/whitelists/export?format=json');
    const content = YAML.stringify({
      entries: [
        { system: 'OK', action: 'FINE' },
        { system: 'A', action: 'B', params: { count: { type: 'integer' } } },
        { system: 'A', action: 'B' },
        { system: 'A', action: 'B' },
      ],
    });
    const bad = await call('POST', '/api/v1/whitelists/import', { format: 'yaml', content, mode: 'replace' });
    assert.equal(bad.status, 400);
    assert.ok('entries.1.params.count.type' in bad.body.errors, bad.text);
    const dup = await call('POST', '/api/v1/whitelists/import', {
      format: 'yaml',
      content: YAML.stringify({
        entries: [
          { system: 'A', action: 'B' },
          { system: 'a', action: 'b' },
        ],
      }),
      mode: 'replace',
    });
    assert.equal(dup.status, 400);
    assert.ok('entries.1.action' in dup.body.errors, dup.text);
    const broken = await call('POST', '/api/v1/whitelists/import', {
      format: 'json',
      content: '{"entries": [',
      mode: 'merge',
    });
    assert.equal(broken.status, 400);
    assert.ok(broken.body.errors.content);
    assert.equal((await call('GET', '/api/v1/whitelists/export?format=json')).text, before.text);
  });

  it('creates rules only against enabled whitelist entries with fitting params templates', async () => {
    const rule = {
      name: 'Welcome new users',
      trigger_system: 'n8n',
      trigger_action: 'create_user',
      trigger_status: 'COMPLETED',
      follow_system: 'TELEGRAM',
      follow_action: 'SEND_MESSAGE',
      params_template: { chat_id: '{{command.result.chat_id}}', message: 'Welcome {{command.params.user}}' },
    };
    const created = await call('POST', '/api/v1/rules', rule);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.trigger_system, 'N8N');
    assert.equal(created.body.max_depth, 3);
    const before = await count('rules');
    const unknownFollow = await call('POST', '/api/v1/rules', {
      ...rule,
      name: 'x',
      follow_action: 'DELETE_EVERYTHING',
    });
    assert.equal(unknownFollow.status, 400);
    assert.match(unknownFollow.body.errors.follow_action, /not whitelisted/);
    const unknownTrigger = await call('POST', '/api/v1/rules', { ...rule, name: 'x', trigger_system: 'NOPE' });
    assert.ok(unknownTrigger.body.errors.trigger_action);
    const badParams = await call('POST', '/api/v1/rules', {
      ...rule,
      name: 'x',
      params_template: { message: '{{#if x}}', chat_id: 'not a number', color: 'red' },
    });
    assert.equal(badParams.status, 400);
    assert.deepEqual(Object.keys(badParams.body.errors).sort(), [
      'params_template.chat_id',
      'params_template.color',
      'params_template.message',
    ]);
    const missingRequired = await call('POST', '/api/v1/rules', {
      ...rule,
      name: 'x',
      params_template: { message: 'hi' },
    });
    assert.equal(missingRequired.body.errors['params_template.chat_id'], 'is required');
    const badShape = await call('POST', '/api/v1/rules', { ...rule, name: '', trigger_status: 'DONE', max_depth: 99 });
    assert.deepEqual(Object.keys(badShape.body.errors).sort(), ['max_depth', 'name', 'trigger_status']);
    assert.equal(await count('rules'), before);
    assert.equal((await call('POST', '/api/v1/rules', rule)).status, 409);

    const put = await call('PUT', `/api/v1/rules/${created.body.id}`, {
      ...created.body,
      max_depth: 5,
      enabled: false,
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.max_depth, 5);
    const list = await call(
      'GET',
      `/api/v1/rules?filter=${encodeURIComponent('{"enabled":false,"trigger_system":"n8n"}')}`,
    );
    assert.equal(list.headers.get('content-range'), 'rules 0-0/1');
    // A disabled follow-up entry makes the rule invalid on its next save.
    await call('PUT', `/api/v1/whitelists/${telegramId}`, {
      system: 'TELEGRAM',
      action: 'SEND_MESSAGE',
      enabled: false,
    });
    const refused = await call('PUT', `/api/v1/rules/${created.body.id}`, created.body);
    assert.match(refused.body.errors.follow_action, /not enabled/);
    const deleted = await call('DELETE', `/api/v1/rules/${created.body.id}`);
    assert.equal(deleted.body.id, created.body.id);
    assert.equal((await call('GET', `/api/v1/rules/${created.body.id}`)).status, 404);
  });

  it('audits whitelist and rule changes (imports entry by entry) in an intact chain', async () => {
    const rows = await pool.query(
      `SELECT entity, action, details FROM audit_log WHERE entity IN ('whitelist', 'rule') ORDER BY seq`,
    );
    const actions = rows.rows.map((r) => `${r.entity}.${r.action}`);
    for (const a of [
      'whitelist.create',
      'whitelist.update',
      'whitelist.delete',
      'rule.create',
      'rule.update',
      'rule.delete',
    ])
      assert.ok(actions.includes(a), a);
    assert.ok(rows.rows.some((r) => r.details?.import === 'replace'));
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
