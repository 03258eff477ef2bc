// The Chronos node's mail resource in n8n's engine against a real admin-api whose relay sends
// through a real SMTP server (tests/helpers/smtp.ts): a binary attachment of the input item
// arrives as that attachment, sendAndWait outputs the sent delivery, queue outputs the queued
// one, and API field errors reach the node error (or the item, with continue on fail).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

describe('Chronos node: mail', () => {
  let database: TestDatabase;
  let api: TestApi;
  let smtp: TestSmtpServer;
  let credentials: HarnessCredentials;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    api = await startTestApi(database.url, { RELAY_ENABLED: 'true' });
    const pool = new pg.Pool({ connectionString: database.url });
    const key = (await createApiKey(pool, { name: 'n8n mail', scopes: ['integrations.manage'] })).key;
    const admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    await pool.end();
    const saved = await request(api.url, 'PUT', '/api/v1/settings/smtp', {
      token: admin,
      body: { value: { host: smtp.host, port: smtp.port, secure: 'none', from: 'chronos@example.org' }, secrets: {} },
    });
    assert.equal(saved.status, 200, saved.text);
    credentials = { baseUrl: api.url, apiKey: key };
  });
  after(async () => {
    await api.close();
    await smtp.close();
    await database.drop();
  });

  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 254, 255]), Buffer.from('\n%%EOF')]);

  it('sends and waits: the binary attachment arrives at the SMTP server, the output says sent', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: {
        resource: 'mail',
        operation: 'send',
        delivery: 'sendAndWait',
        to: 'ann@example.com, bob@example.com',
        cc: 'carol@example.com',
        content: 'direct',
        subject: 'Invoice 42',
        html: '<p>Attached.</p>',
        text: 'Attached.',
        additionalFields: { attachments: 'invoice', priority: 'high', idempotencyKey: 'node-mail-1' },
      },
      items: [
        {
          json: {},
          binary: {
            invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice-42.pdf' },
          },
        },
      ],
    });
    assert.equal(error, undefined, error?.message);
    assert.equal(items.length, 1);
    assert.equal(items[0]!.json.status, 'sent');
    assert.deepEqual(items[0]!.json.attachments, [
      { filename: 'invoice-42.pdf', content_type: 'application/pdf', size: pdf.length },
    ]);
    const [mail] = await smtp.waitForMessages(1);
    assert.equal(mail!.parsed.subject, 'Invoice 42');
    assert.deepEqual(mail!.envelope.to.sort(), ['ann@example.com', 'bob@example.com', 'carol@example.com']);
    const attachment = mail!.parsed.attachments[0]!;
    assert.equal(attachment.filename, 'invoice-42.pdf');
    assert.equal(attachment.contentType, 'application/pdf');
    assert.deepEqual(attachment.content, pdf);
  });

  it('queues by default and keeps items paired', async () => {
    const { items, error } = await runChronosNode({
      credentials,
      parameters: {
        resource: 'mail',
        operation: 'send',
        to: '={{ $json.to }}',
        content: 'direct',
        subject: '={{ "Hello " + $json.name }}',
        text: 'Hi',
      },
      items: [{ json: { to: 'x@example.com', name: 'X' } }, { json: { to: 'y@example.com', name: 'Y' } }],
    });
    assert.equal(error, undefined, error?.message);
    assert.deepEqual(
      items.map((i) => [i.json.subject, (i.json.recipients as { to: string[] }).to[0], i.pairedItem]),
      [
        ['Hello X', 'x@example.com', { item: 0 }],
        ['Hello Y', 'y@example.com', { item: 1 }],
      ],
    );
    assert.ok(items.every((i) => ['queued', 'sending', 'sent'].includes(String(i.json.status))));
  });

  it('shows the API’s field errors; continue on fail turns them into an item', async () => {
    const parameters = { resource: 'mail', operation: 'send', to: 'not-an-address', content: 'direct', subject: ' ' };
    const failed = await runChronosNode({ credentials, parameters });
    assert.ok(failed.error);
    assert.equal(failed.error.httpCode, '400');
    assert.match(String(failed.error.description), /to\.0: must be an e-mail address/);
    assert.match(String(failed.error.description), /subject: is required/);

    const continued = await runChronosNode({ credentials, parameters, continueOnFail: true });
    assert.equal(continued.error, undefined);
    assert.equal(continued.items[0]!.json.httpCode, '400');
    assert.match(String(continued.items[0]!.json.description), /html: give an HTML or a text body/);
  });

  it('names a missing binary property', async () => {
    const { error } = await runChronosNode({
      credentials,
      parameters: {
        resource: 'mail',
        operation: 'send',
        to: 'a@example.com',
        content: 'direct',
        subject: 's',
        text: 't',
        additionalFields: { attachments: 'nothing' },
      },
    });
    assert.ok(error);
    assert.match(error.message, /no binary property "nothing"/);
  });
});
