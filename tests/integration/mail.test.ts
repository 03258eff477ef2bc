// The mail channel and /api/v1/mail against a real SMTP server in this process
// (tests/helpers/smtp.ts): what arrives (HTML, text, attachments, cc/bcc, reply-to, priority,
// the Message-ID derived from the idempotency key), templates and missing variables,
// idempotency (sequential and parallel), the outcome mapping (550 → failed, 4xx / server down /
// wrong password → retry), STARTTLS, size limits, the delivery log — and end to end through the
// relay with `wait`.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import type { DeliveryResult, OutboxRow } from '../../admin-api/src/relay/channel.ts';
import { mailChannel, messageIdFor, type MailChannel } from '../../admin-api/src/relay/channels/mail.ts';
import { startTestApi, TEST_ENCRYPTION_KEY, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const encryptionKey = Buffer.from(TEST_ENCRYPTION_KEY, 'hex');
const SMTP_USER = 'chronos';
const SMTP_PASS = 'smtp-Pa55-never-leaks';
const FROM = 'chronos@mail.example.org';

type Json = Record<string, unknown>;

async function outboxRow(pool: pg.Pool, id: string): Promise<OutboxRow> {
  const result = await pool.query<OutboxRow>(
    `SELECT id, event_type, channel, subscription_id, target, payload, idempotency_key, attempts, max_attempts, created_at
       FROM outbox WHERE id = $1`,
    [id],
  );
  return result.rows[0]!;
}

describe('mail', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let smtp: TestSmtpServer;
  let channel: MailChannel;
  let mailer: string;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    // No relay here: the channel is driven by hand, so every step can be looked at.
    api = await startTestApi(database.url, { RELAY_ENABLED: 'false' });
    pool = new pg.Pool({ connectionString: database.url });
    mailer = (await createApiKey(pool, { name: 'mailer', scopes: ['integrations.manage'] })).key;
    admin = (await createApiKey(pool, { name: 'admin', scopes: ['admin'] })).key;
    smtp = await startSmtpServer({ auth: { user: SMTP_USER, pass: SMTP_PASS } });
    channel = mailChannel(pool, { encryptionKey }, { idleTimeoutMs: 200 });
  });
  after(async () => {
    channel.close();
    await api.close();
    await smtp.close();
    await pool.end();
    await database.drop();
  });

  const send = (body: unknown, key = mailer) => request(api.url, 'POST', '/api/v1/mail', { token: key, body });
  const call = (method: string, path: string, body?: unknown, key = mailer) =>
    request(api.url, method, path, { token: key, body });

  async function configure(overrides: Json = {}, password = SMTP_PASS) {
    const reply = await call(
      'PUT',
      '/api/v1/settings/smtp',
      {
        value: { host: smtp.host, port: smtp.port, secure: 'none', username: SMTP_USER, from: FROM, ...overrides },
        secrets: { password },
      },
      admin,
    );
    assert.equal(reply.status, 200, reply.text);
  }

  /** What the relay does for one row: deliver, then settle through the channel's hook. */
  async function deliver(outboxId: string): Promise<DeliveryResult> {
    const row = await outboxRow(pool, outboxId);
    const result = await channel.deliver(row, AbortSignal.timeout(10_000));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await channel.settled!(client, row, result, result.outcome !== 'retry');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    return result;
  }

  const simple = (extra: Json = {}) => ({
    to: ['ann@example.org'],
    subject: 'Hello',
    text: 'Plain text',
    ...extra,
  });
  const count = async (table: string) =>
    Number((await pool.query(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(table)}`)).rows[0].n);

  it('waits (retry) while SMTP is not configured', async () => {
    const queued = await send(simple());
    assert.equal(queued.status, 202, queued.text);
    const result = await deliver(queued.body.outbox_id);
    assert.equal(result.outcome, 'retry');
    assert.match((result as { error: string }).error, /SMTP is not configured/);
    const log = await call('GET', `/api/v1/mail/${queued.body.id}`);
    assert.equal(log.body.status, 'sending');
    assert.match(log.body.error, /not configured/);
    await configure();
    assert.equal((await deliver(queued.body.outbox_id)).outcome, 'delivered');
    assert.equal((await call('GET', `/api/v1/mail/${queued.body.id}`)).body.status, 'sent');
    await smtp.waitForMessages(1);
    assert.equal(smtp.messages[0]!.user, SMTP_USER, 'authenticated with the stored password');
  });

  it('sends HTML, text, attachments, cc/bcc, reply-to and priority, with a Message-ID from the idempotency key', async () => {
    const pdf = randomBytes(40_000);
    const key = `order-${randomBytes(4).toString('hex')}`;
    const queued = await send({
      to: ['ann@example.org', 'bob@example.org'],
      cc: ['carl@example.org'],
      bcc: ['hidden@example.org'],
      reply_to: 'desk@example.org',
      from_name: 'Chronos Desk',
      priority: 'high',
      subject: 'Quarterly report — Ü',
      html: '<h1>Report</h1><p>See attachment.</p>',
      text: 'Report. See attachment.',
      attachments: [
        { filename: 'report.pdf', content_type: 'application/pdf', content_base64: pdf.toString('base64') },
        { filename: 'notes.txt', content_type: 'text/plain', content_base64: Buffer.from('hi').toString('base64') },
      ],
      headers: { 'X-Campaign': 'q3' },
      idempotency_key: key,
    });
    assert.equal(queued.status, 202, queued.text);
    assert.equal(queued.body.status, 'queued');
    assert.equal(queued.body.idempotency_key, key);
    assert.deepEqual(queued.body.recipients, {
      to: ['ann@example.org', 'bob@example.org'],
      cc: ['carl@example.org'],
      bcc: ['hidden@example.org'],
      reply_to: 'desk@example.org',
    });
    assert.deepEqual(queued.body.attachments, [
      { filename: 'report.pdf', content_type: 'application/pdf', size: 40_000 },
      { filename: 'notes.txt', content_type: 'text/plain', size: 2 },
    ]);

    const outbox = await pool.query(
      'SELECT channel, event_type, target, idempotency_key, status FROM outbox WHERE id = $1',
      [queued.body.outbox_id],
    );
    assert.deepEqual(outbox.rows[0], {
      channel: 'mail',
      event_type: 'mail.send',
      target: 'ann@example.org +3',
      idempotency_key: `mail:${key}`,
      status: 'pending',
    });
    // The audit row names the mail but carries neither bodies, attachments nor addresses.
    const audit = await pool.query(
      `SELECT new_value::text AS v FROM audit_log WHERE entity = 'mail_delivery' AND entity_id = $1`,
      [queued.body.id],
    );
    assert.equal(audit.rows.length, 1);
    const audited = audit.rows[0].v as string;
    assert.match(audited, /Quarterly report/);
    assert.match(audited, /"to": 2/);
    for (const secret of ['<h1>Report', 'See attachment', pdf.toString('base64').slice(0, 40), 'ann@example.org'])
      assert.ok(!audited.includes(secret), `the audit row holds ${secret}`);

    const before = smtp.messages.length;
    const result = await deliver(queued.body.outbox_id);
    const messageId = messageIdFor(`mail:${key}`, FROM);
    assert.deepEqual(result, { outcome: 'delivered', statusCode: 250, detail: messageId });
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    const m = mail!.parsed;
    assert.equal(m.subject, 'Quarterly report — Ü');
    assert.equal(m.html, '<h1>Report</h1><p>See attachment.</p>');
    assert.equal(m.text?.trim(), 'Report. See attachment.');
    assert.equal(m.messageId, messageId);
    assert.equal(m.from?.value[0]?.address, FROM);
    assert.equal(m.from?.value[0]?.name, 'Chronos Desk');
    assert.equal(m.replyTo?.value[0]?.address, 'desk@example.org');
    // mailparser folds X-Priority / X-MSMail-Priority / Importance into one `priority` header.
    assert.equal(m.headers.get('priority'), 'high');
    assert.match(mail!.raw.toString(), /^X-Priority: 1/m);
    assert.match(mail!.raw.toString(), /^Importance: High/im);
    assert.equal(m.headers.get('x-campaign'), 'q3');
    const addresses = (v: typeof m.to) =>
      (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address));
    assert.deepEqual(addresses(m.to), ['ann@example.org', 'bob@example.org']);
    assert.deepEqual(addresses(m.cc), ['carl@example.org']);
    assert.equal(m.bcc, undefined, 'bcc is not a header of the sent message');
    assert.ok(!mail!.raw.toString().includes('hidden@example.org'));
    assert.deepEqual(mail!.envelope.to.sort(), [
      'ann@example.org',
      'bob@example.org',
      'carl@example.org',
      'hidden@example.org',
    ]);
    assert.equal(mail!.envelope.from, FROM);
    assert.equal(m.attachments.length, 2);
    assert.equal(m.attachments[0]!.filename, 'report.pdf');
    assert.equal(m.attachments[0]!.contentType, 'application/pdf');
    assert.ok(m.attachments[0]!.content.equals(pdf), 'the PDF arrives byte for byte');
    assert.equal(m.attachments[1]!.content.toString(), 'hi');

    const log = (await call('GET', `/api/v1/mail/${queued.body.id}`)).body;
    assert.equal(log.status, 'sent');
    assert.equal(log.message_id, messageId);
    assert.ok(log.sent_at);
    assert.equal(log.error, null);

    // Sent again (the relay crashed before settling): same Message-ID, recognisably the same mail.
    await deliver(queued.body.outbox_id);
    const [again] = (await smtp.waitForMessages(before + 2)).slice(before + 1);
    assert.equal(again!.parsed.messageId, messageId);
  });

  it('renders email templates at queue time; missing variables are a 422 naming them', async () => {
    const template = await call(
      'POST',
      '/api/v1/templates',
      {
        name: 'Invitation',
        type: 'email',
        subject: 'Invitation: {{event.title}}',
        body_html: '<p>{{event.title}} at {{event.place}}</p>',
        body_text: '{{event.title}} at {{event.place}}',
      },
      admin,
    );
    assert.equal(template.status, 200, template.text);
    const id = template.body.id;
    const rows = async () => [await count('mail_deliveries'), await count('outbox'), await count('template_usages')];
    const beforeRows = await rows();

    const missing = await send({ to: ['ann@example.org'], template_id: id, variables: { event: { title: 'Board' } } });
    assert.equal(missing.status, 422, missing.text);
    assert.deepEqual(missing.body.missing, ['event.place']);
    assert.deepEqual(missing.body.errors, { 'variables.event.place': 'is missing' });
    assert.deepEqual(await rows(), beforeRows, 'nothing was queued or recorded');

    const mixed = await send({ to: ['ann@example.org'], template_id: id, subject: 'x', variables: {} });
    assert.equal(mixed.status, 400);
    assert.equal(mixed.body.errors.subject, 'cannot be combined with template_id');
    const unknown = await send({ to: ['ann@example.org'], template_id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors.template_id, 'no template with this id');
    const hook = await call('POST', '/api/v1/templates', { name: 'Hook', type: 'webhook', payload: { a: 1 } }, admin);
    const wrongType = await send({ to: ['ann@example.org'], template_id: hook.body.id });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.errors.template_id, /not an email template/);

    const queued = await send({
      to: ['ann@example.org'],
      template_id: id,
      variables: { event: { title: 'Board <meeting>', place: 'Room 1' } },
    });
    assert.equal(queued.status, 202, queued.text);
    assert.equal(queued.body.template_id, id);
    assert.equal(queued.body.subject, 'Invitation: Board <meeting>');
    const usage = await pool.query(`SELECT context, details FROM template_usages WHERE template_id = $1`, [id]);
    assert.deepEqual(usage.rows, [{ context: 'mail', details: { delivery_id: queued.body.id } }]);
    assert.equal((await call('GET', `/api/v1/templates/${id}`, undefined, admin)).body.usage_count, 1);

    const before = smtp.messages.length;
    assert.equal((await deliver(queued.body.outbox_id)).outcome, 'delivered');
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    assert.equal(mail!.parsed.subject, 'Invitation: Board <meeting>');
    assert.equal(mail!.parsed.html, '<p>Board &lt;meeting&gt; at Room 1</p>', 'HTML bodies are escaped');
    assert.equal(mail!.parsed.text?.trim(), 'Board <meeting> at Room 1');
  });

  it('sends nothing twice for one idempotency key, sequentially or in parallel', async () => {
    const first = await send(simple({ idempotency_key: 'same-key-1' }));
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const second = await send(simple({ idempotency_key: 'same-key-1', subject: 'Different' }));
    assert.equal(second.status, 200, second.text);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.body.subject, 'Hello', 'the first request decided');
    assert.equal(
      Number(
        (await pool.query(`SELECT count(*) AS n FROM outbox WHERE idempotency_key = 'mail:same-key-1'`)).rows[0].n,
      ),
      1,
    );

    const replies = await Promise.all(Array.from({ length: 12 }, () => send(simple({ idempotency_key: 'race-key' }))));
    const ids = new Set(replies.map((r) => r.body.id));
    assert.equal(ids.size, 1, 'every request names the same delivery');
    assert.deepEqual(
      replies.map((r) => r.status).sort(),
      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 202],
      replies.map((r) => r.text).join('\n'),
    );
    const rows = await pool.query(`SELECT outbox_id FROM mail_deliveries WHERE idempotency_key = 'race-key'`);
    assert.equal(rows.rows.length, 1);
    const outboxRows = await pool.query(`SELECT id FROM outbox WHERE idempotency_key = 'mail:race-key'`);
    assert.equal(outboxRows.rows.length, 1);
    const audits = await pool.query(`SELECT 1 FROM audit_log WHERE entity = 'mail_delivery' AND entity_id = $1`, [
      [...ids][0],
    ]);
    assert.equal(audits.rows.length, 1);
    const before = smtp.messages.length;
    await deliver(outboxRows.rows[0].id);
    await smtp.waitForMessages(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(smtp.messages.length, before + 1, 'exactly one mail');
  });

  it('maps a rejected recipient (550) to failed, a partly rejected mail to sent with the rejections noted', async () => {
    smtp.switches.rejectRecipients.add('nobody@example.org');
    try {
      const rejected = await send(simple({ to: ['nobody@example.org'] }));
      const result = await deliver(rejected.body.outbox_id);
      assert.equal(result.outcome, 'failed');
      assert.equal(result.statusCode, 550);
      const log = (await call('GET', `/api/v1/mail/${rejected.body.id}`)).body;
      assert.equal(log.status, 'failed');
      assert.match(log.error, /550|rejected/i);
      assert.equal(log.sent_at, null);

      const partly = await send(simple({ to: ['nobody@example.org', 'ann@example.org'] }));
      const before = smtp.messages.length;
      const ok = await deliver(partly.body.outbox_id);
      assert.equal(ok.outcome, 'delivered');
      const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
      assert.deepEqual(mail!.envelope.to, ['ann@example.org']);
      const partlyLog = (await call('GET', `/api/v1/mail/${partly.body.id}`)).body;
      assert.equal(partlyLog.status, 'sent');
      assert.match(partlyLog.error, /rejected: nobody@example\.org/);
    } finally {
      smtp.switches.rejectRecipients.clear();
    }
  });

  it('retries temporary refusals (450 greylisting, 451 at DATA) and fails on 554 at DATA', async () => {
    smtp.switches.deferRecipients.add('grey@example.org');
    const grey = await send(simple({ to: ['grey@example.org'] }));
    const deferred = await deliver(grey.body.outbox_id);
    smtp.switches.deferRecipients.clear();
    assert.equal(deferred.outcome, 'retry');
    assert.equal(deferred.statusCode, 450);
    assert.equal((await call('GET', `/api/v1/mail/${grey.body.id}`)).body.status, 'sending');
    assert.equal((await deliver(grey.body.outbox_id)).outcome, 'delivered', 'goes out once the server accepts');

    smtp.switches.dataError = { code: 451, message: '4.3.0 Temporary local problem' };
    const temp = await send(simple());
    const tempResult = await deliver(temp.body.outbox_id);
    assert.equal(tempResult.outcome, 'retry');
    assert.equal(tempResult.statusCode, 451);
    smtp.switches.dataError = { code: 554, message: '5.7.1 Message refused as spam' };
    const spam = await deliver(temp.body.outbox_id);
    smtp.switches.dataError = undefined;
    assert.equal(spam.outcome, 'failed');
    assert.equal(spam.statusCode, 554);
    assert.equal((await call('GET', `/api/v1/mail/${temp.body.id}`)).body.status, 'failed');
  });

  it('retries while the server is down, and goes out through the new server once the settings change', async () => {
    await configure({ port: await closedPort() });
    const queued = await send(simple());
    const down = await deliver(queued.body.outbox_id);
    assert.equal(down.outcome, 'retry');
    assert.match((down as { error: string }).error, /ECONNREFUSED|connect/i);
    const log = (await call('GET', `/api/v1/mail/${queued.body.id}`)).body;
    assert.equal(log.status, 'sending');
    await configure();
    const before = smtp.messages.length;
    assert.equal((await deliver(queued.body.outbox_id)).outcome, 'delivered');
    await smtp.waitForMessages(before + 1);
  });

  it('retries (not fails) on a wrong SMTP password: 535 is about the settings, not the message', async () => {
    await configure({}, 'wrong-password');
    const queued = await send(simple());
    const denied = await deliver(queued.body.outbox_id);
    assert.equal(denied.outcome, 'retry');
    assert.equal(denied.statusCode, 535);
    assert.match((denied as { error: string }).error, /authentication failed/i);
    assert.ok(!JSON.stringify(denied).includes('wrong-password'), 'the password is not in the error');
    await configure();
    assert.equal((await deliver(queued.body.outbox_id)).outcome, 'delivered');
  });

  it('sends through STARTTLS with certificate verification', async () => {
    const secure = await startSmtpServer({ tls: true, auth: { user: SMTP_USER, pass: SMTP_PASS } });
    const trusting = mailChannel(pool, { encryptionKey }, { tls: { ca: secure.cert! }, idleTimeoutMs: 200 });
    try {
      await configure({ port: secure.port, secure: 'starttls' });
      const queued = await send(simple());
      const row = await outboxRow(pool, queued.body.outbox_id);
      // Without the certificate as a trust anchor the upgrade fails: verification is on.
      const untrusted = await channel.deliver(row, AbortSignal.timeout(10_000));
      assert.equal(untrusted.outcome, 'retry');
      assert.match((untrusted as { error: string }).error, /certificate/i);
      const result = await trusting.deliver(row, AbortSignal.timeout(10_000));
      assert.equal(result.outcome, 'delivered', JSON.stringify(result));
      const [mail] = await secure.waitForMessages(1);
      assert.equal(mail!.secure, true);
      assert.equal(mail!.user, SMTP_USER);

      // `starttls` refuses to send in clear text to a server that offers no STARTTLS.
      await configure({ secure: 'starttls' });
      const before = smtp.messages.length;
      const plain = await channel.deliver(row, AbortSignal.timeout(10_000));
      assert.equal(plain.outcome, 'retry');
      assert.match((plain as { error: string }).error, /TLS with the SMTP server failed.*STARTTLS/i);
      assert.equal(smtp.messages.length, before, 'nothing was sent in clear text');
    } finally {
      trusting.close();
      await secure.close();
      await configure();
    }
  });

  it('refuses attachments over 10 MB with 413 and writes nothing; other routes keep the 1 MB limit', async () => {
    const before = [await count('mail_deliveries'), await count('outbox')];
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 7).toString('base64');
    const tooLarge = await send(
      simple({ attachments: [{ filename: 'big.bin', content_type: 'application/octet-stream', content_base64: big }] }),
    );
    assert.equal(tooLarge.status, 413, tooLarge.text.slice(0, 300));
    assert.match(tooLarge.body.errors.attachments, /at most/);
    const bodyTooLarge = await send(simple({ html: 'x'.repeat(17 * 1024 * 1024) }));
    assert.equal(bodyTooLarge.status, 413);
    assert.deepEqual([await count('mail_deliveries'), await count('outbox')], before);

    const fits = Buffer.alloc(9 * 1024 * 1024, 1).toString('base64');
    const ok = await send(simple({ attachments: [{ filename: 'a.bin', content_base64: fits }] }));
    assert.equal(ok.status, 202, ok.text.slice(0, 300));
    assert.equal(ok.body.attachments[0].content_type, 'application/octet-stream');

    const elsewhere = await call('POST', '/api/v1/templates', { name: 'x'.repeat(2 * 1024 * 1024) }, admin);
    assert.equal(elsewhere.status, 413);
    const anonymous = await request(api.url, 'POST', '/api/v1/mail', {
      body: simple({ html: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(anonymous.status, 413, 'without credentials the large parser is not used');
  });

  it('refuses bad input with field errors', async () => {
    const cases: Array<[Json, string]> = [
      [{ subject: 'x', text: 'y' }, 'to'],
      [simple({ to: ['not-an-address'] }), 'to.0'],
      [simple({ cc: 'ann@example.org' }), 'cc'],
      [simple({ subject: 'two\nlines' }), 'subject'],
      [simple({ subject: undefined }), 'subject'],
      [simple({ text: undefined }), 'html'],
      [simple({ variables: { a: 1 } }), 'variables'],
      [simple({ priority: 'urgent' }), 'priority'],
      [simple({ attachments: [{ filename: 'a/b.txt', content_base64: 'aGk=' }] }), 'attachments.0.filename'],
      [simple({ attachments: [{ filename: 'a.txt', content_base64: 'not base64!' }] }), 'attachments.0.content_base64'],
      [
        simple({ attachments: [{ filename: 'a.txt', content_type: 'pdf', content_base64: 'aGk=' }] }),
        'attachments.0.content_type',
      ],
      [simple({ headers: { Bcc: 'x@example.org' } }), 'headers.Bcc'],
      [simple({ idempotency_key: 'has space' }), 'idempotency_key'],
      [simple({ wait: true, timeout_ms: 10 }), 'timeout_ms'],
      [
        simple({
          to: Array.from({ length: 60 }, (_, i) => `a${i}@x.org`),
          cc: Array.from({ length: 60 }, (_, i) => `c${i}@x.org`),
        }),
        'to',
      ],
    ];
    const before = await count('mail_deliveries');
    for (const [body, field] of cases) {
      const reply = await send(body);
      assert.equal(reply.status, 400, `${JSON.stringify(body).slice(0, 120)}: ${reply.text}`);
      assert.ok(reply.body.errors?.[field], `${field} expected in ${reply.text}`);
    }
    assert.equal(await count('mail_deliveries'), before);
    const viewerOnly = (await createApiKey(pool, { name: 'events', scopes: ['events.write'] })).key;
    assert.equal((await send(simple(), viewerOnly)).status, 403);
  });

  it('lists the delivery log with filters, search and the list contract', async () => {
    const unique = `log-${randomBytes(3).toString('hex')}@example.org`;
    const queued = await send(simple({ to: [unique], subject: 'Findable' }));
    const q = await call(
      'GET',
      `/api/v1/mail?filter=${encodeURIComponent(JSON.stringify({ q: unique.slice(0, 10) }))}`,
    );
    assert.equal(q.status, 200);
    assert.deepEqual(
      q.body.map((d: Json) => d.id),
      [queued.body.id],
    );
    assert.equal(q.headers.get('content-range'), 'mail 0-0/1');
    const failed = await call('GET', `/api/v1/mail?filter=${encodeURIComponent('{"status":"failed"}')}`);
    assert.ok(failed.body.length >= 2);
    assert.ok(failed.body.every((d: Json) => d.status === 'failed'));
    const sent = await call(
      'GET',
      `/api/v1/mail?filter=${encodeURIComponent('{"status":["sent","queued"]}')}&sort=${encodeURIComponent('["created_at","ASC"]')}`,
    );
    assert.ok(sent.body.every((d: Json) => ['sent', 'queued'].includes(d.status as string)));
    const future = await call(
      'GET',
      `/api/v1/mail?filter=${encodeURIComponent(JSON.stringify({ created_from: new Date(Date.now() + 60_000).toISOString() }))}`,
    );
    assert.deepEqual(future.body, []);
    const bad = await call('GET', `/api/v1/mail?filter=${encodeURIComponent('{"status":"lost"}')}`);
    assert.equal(bad.status, 400);
    assert.equal((await call('GET', '/api/v1/mail/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await call('GET', '/api/v1/mail/nope')).status, 400);
    const one = await call('GET', `/api/v1/mail/${queued.body.id}`);
    assert.equal(one.body.attempts, 0);
    assert.ok(!one.text.includes(SMTP_PASS));
  });
});

describe('mail end to end through the relay', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let smtp: TestSmtpServer;
  let channel: MailChannel;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    smtp = await startSmtpServer();
    channel = mailChannel(pool, { encryptionKey }, { idleTimeoutMs: 200 });
    api = await startTestApi(
      database.url,
      { RELAY_ENABLED: 'true', RELAY_POLL_INTERVAL_MS: '200' },
      { channels: { mail: channel } },
    );
    key = (await createApiKey(pool, { name: 'mailer', scopes: ['integrations.manage'] })).key;
    const settings = await request(api.url, 'PUT', '/api/v1/settings/smtp', {
      token: key,
      body: { value: { host: smtp.host, port: smtp.port, secure: 'none', from: FROM } },
    });
    assert.equal(settings.status, 200, settings.text);
  });
  after(async () => {
    await api.close();
    channel.close();
    await smtp.close();
    await pool.end();
    await database.drop();
  });

  it('sends and waits: 200 with the Message-ID once the relay delivered it', async () => {
    const reply = await request(api.url, 'POST', '/api/v1/mail', {
      token: key,
      body: {
        to: ['ann@example.org'],
        subject: 'Now',
        html: '<b>now</b>',
        wait: true,
        timeout_ms: 10_000,
        idempotency_key: 'e2e-1',
      },
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.status, 'sent');
    assert.equal(reply.body.message_id, messageIdFor('mail:e2e-1', FROM));
    assert.equal(reply.body.attempts, 1);
    const [mail] = await smtp.waitForMessages(1);
    assert.equal(mail!.parsed.messageId, reply.body.message_id);
    const attempts = await pool.query(
      `SELECT a.outcome, a.response_excerpt FROM delivery_attempts a WHERE a.outbox_id = $1`,
      [reply.body.outbox_id],
    );
    assert.deepEqual(attempts.rows, [{ outcome: 'delivered', response_excerpt: reply.body.message_id }]);
    const again = await request(api.url, 'POST', '/api/v1/mail', {
      token: key,
      body: { to: ['ann@example.org'], subject: 'Now', text: 'now', wait: true, idempotency_key: 'e2e-1' },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, reply.body.id);
    assert.equal(smtp.messages.length, 1);
  });

  it('gives up waiting at timeout_ms with 202 and the current status while the server defers', async () => {
    smtp.switches.deferRecipients.add('later@example.org');
    const started = Date.now();
    const reply = await request(api.url, 'POST', '/api/v1/mail', {
      token: key,
      body: { to: ['later@example.org'], subject: 'Later', text: 'later', wait: true, timeout_ms: 1_500 },
    });
    const took = Date.now() - started;
    assert.equal(reply.status, 202, reply.text);
    assert.ok(['queued', 'sending'].includes(reply.body.status), reply.body.status);
    assert.ok(took >= 1_400 && took < 5_000, `waited ${took} ms`);
    smtp.switches.deferRecipients.clear();
  });

  it('fails a rejected recipient at once: wait answers 200 with status failed', async () => {
    smtp.switches.rejectRecipients.add('gone@example.org');
    const reply = await request(api.url, 'POST', '/api/v1/mail', {
      token: key,
      body: { to: ['gone@example.org'], subject: 'x', text: 'x', wait: true },
    });
    smtp.switches.rejectRecipients.clear();
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.status, 'failed');
    assert.match(reply.body.error, /550|rejected/i);
    const outbox = await pool.query('SELECT status FROM outbox WHERE id = $1', [reply.body.outbox_id]);
    assert.equal(outbox.rows[0].status, 'dead');
  });
});
