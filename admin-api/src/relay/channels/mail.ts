// The mail channel (SPEC 3.3): sends one `mail.send` outbox row through the SMTP server of the
// `smtp` setting, with nodemailer.
//
//   - Settings are read (secrets decrypted) for every message, so a change in the console takes
//     effect with the next message. The pooled transport is kept while the connection settings
//     stay the same (fingerprint of host, port, TLS mode, user, password); when they change the
//     old pool is closed — gracefully: a connection delivering a message finishes it first.
//     Idle pooled connections close by themselves after `idleTimeoutMs`.
//   - The Message-ID is derived from the row's idempotency key, so a message sent again after a
//     crash (the server accepted it, the relay died before settling) carries the same
//     Message-ID and is recognisable as the same message by receivers and people.
//   - Outcomes: accepted → delivered (detail = Message-ID); SMTP 4xx, 503, connection errors
//     and timeouts → retry; other 5xx (e.g. 550 recipient rejected, 554 content refused) →
//     failed. Exceptions: authentication failures (535, or no credentials where the server
//     requires them) and a refused STARTTLS (e.g. 502 from a server without TLS while the
//     setting says starttls) → retry, although they are 5xx: the message is fine, the
//     settings are wrong, and once an admin corrects them the queued mail should go out (the
//     relay's max_attempts still bounds the retries). Not configured (no host or sender) →
//     retry, so rows wait for the configuration instead of being lost.
//   - Some recipients accepted, others rejected → delivered (the message went out; sending it
//     again would duplicate it for the accepted ones); the rejected ones are listed in the
//     detail and in mail_deliveries.error.
//   - `settled` mirrors the outcome into mail_deliveries (sending / sent / failed).
import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import nodemailer, { type Mail } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type pg from 'pg';
import { mailPayloadSchema, type MailPayload } from '../../modules/mail/payload.ts';
import { getSettingWithSecrets } from '../../modules/settings/service.ts';
import type { Channel, DeliveryResult, OutboxRow } from '../channel.ts';

/** How the channel reaches the settings: the key that opens their secrets. */
export type MailSettingsAccess = { encryptionKey: Buffer };

export type MailChannelOptions = {
  /** Extra TLS options for the SMTP connection (tests trust their self-signed certificate here). */
  tls?: ConnectionOptions;
  /** Pooled connections idle this long are closed (default 30 s). */
  idleTimeoutMs?: number;
  /** Connections per pool (default 5). */
  maxConnections?: number;
  /** Connect / greeting / socket inactivity timeouts (default 10 s / 10 s / 30 s). */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
};

export type MailChannel = Channel & {
  /** Closes the cached transport (idle connections at once, busy ones after their message). */
  close(): void;
};

type SmtpSettings = {
  host: string | null;
  port: number;
  secure: 'tls' | 'starttls' | 'none';
  username: string | null;
  from: string | null;
  reply_to: string | null;
  password: string | null;
};

type Transport = Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

const DETAIL_MAX = 900;

/** `<chronos.<32 hex>@<sender domain>>`: stable for one idempotency key. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  const domain = /@([^@\s<>]+)$/.exec(from)?.[1] ?? 'chronos.invalid';
  return `<chronos.${hash}@${domain}>`;
}

async function readSettings(pool: pg.Pool, access: MailSettingsAccess): Promise<SmtpSettings> {
  const setting = await getSettingWithSecrets(pool, access.encryptionKey, 'smtp');
  const v = setting.value as Omit<SmtpSettings, 'password'>;
  return { ...v, password: setting.secrets.password ?? null };
}

/** One line for logs and the delivery log: what the server said, never the credentials. */
function describe(error: NodemailerError): string {
  const parts = [error.message.replace(/\s+/g, ' ').trim()];
  if (error.command && !error.message.includes(error.command)) parts.push(`(${error.command})`);
  return parts.join(' ').slice(0, 2000);
}

/** Maps a nodemailer error to the relay's outcome (see the header comment). */
export function classify(error: NodemailerError, aborted: boolean): DeliveryResult {
  const statusCode = error.responseCode;
  const base = statusCode !== undefined ? { statusCode } : {};
  if (aborted)
    return {
      outcome: 'retry',
      ...base,
      error: `the send was aborted (timeout or shutdown): ${describe(error)}; a retry carries the same Message-ID`,
    };
  const isAuth = error.code === 'EAUTH' || error.code === 'ENOAUTH' || /^AUTH\b/i.test(error.command ?? '');
  if (isAuth) return { outcome: 'retry', ...base, error: `SMTP authentication failed: ${describe(error)}` };
  if (error.code === 'ETLS' || error.command === 'STARTTLS')
    return { outcome: 'retry', ...base, error: `TLS with the SMTP server failed: ${describe(error)}` };
  if (error.permanent === true) return { outcome: 'failed', ...base, error: describe(error) };
  return { outcome: 'retry', ...base, error: describe(error) };
}

export function mailChannel(pool: pg.Pool, access: MailSettingsAccess, options: MailChannelOptions = {}): MailChannel {
  let current: { fingerprint: string; transport: Transport } | undefined;

  const transportFor = (smtp: SmtpSettings & { host: string }): Transport => {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([smtp.host, smtp.port, smtp.secure, smtp.username, smtp.password]))
      .digest('hex');
    if (current?.fingerprint === fingerprint) return current.transport;
    current?.transport.close();
    const transport = nodemailer.createTransport({
      pool: true,
      host: smtp.host,
      port: smtp.port,
      // tls: TLS from the first byte (465); starttls: upgrade or refuse to send; none: plain
      // text even when the server offers STARTTLS (what the admin chose).
      secure: smtp.secure === 'tls',
      requireTLS: smtp.secure === 'starttls',
      ignoreTLS: smtp.secure === 'none',
      ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
      maxConnections: options.maxConnections ?? 5,
      // One requeue covers a pooled connection the server closed while idle; further retries
      // belong to the relay (with backoff and a recorded attempt each).
      maxRequeues: 1,
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      greetingTimeout: options.greetingTimeoutMs ?? 10_000,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
      // Content only ever comes from the payload: never from a file path or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      ...(options.tls ? { tls: options.tls } : {}),
    });
    current = { fingerprint, transport };
    return transport;
  };

  const markSending = (row: OutboxRow) =>
    // Best effort, for the delivery log only: the settle writes the real outcome either way.
    pool
      .query(`UPDATE mail_deliveries SET status = 'sending' WHERE outbox_id = $1 AND status IN ('queued', 'failed')`, [
        row.id,
      ])
      .catch(() => undefined);

  const compose = (payload: MailPayload, smtp: SmtpSettings & { from: string }, row: OutboxRow) => ({
    from: payload.from_name ? { name: payload.from_name, address: smtp.from } : smtp.from,
    to: payload.to,
    cc: payload.cc,
    bcc: payload.bcc,
    ...(payload.reply_to || smtp.reply_to ? { replyTo: (payload.reply_to ?? smtp.reply_to)! } : {}),
    subject: payload.subject,
    ...(payload.html !== null ? { html: payload.html } : {}),
    ...(payload.text !== null ? { text: payload.text } : {}),
    priority: payload.priority,
    messageId: messageIdFor(row.idempotency_key, smtp.from),
    headers: payload.headers,
    attachments: payload.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.content_type,
      content: Buffer.from(a.content_base64, 'base64'),
    })),
  });

  return {
    async deliver(row, signal) {
      const parsed = mailPayloadSchema.safeParse(row.payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          outcome: 'failed',
          error: `bad mail payload: ${issue?.path.join('.') || 'payload'} ${issue?.message}`,
        };
      }
      await markSending(row);
      let smtp: SmtpSettings;
      try {
        smtp = await readSettings(pool, access);
      } catch (error) {
        return { outcome: 'retry', error: `cannot read the SMTP settings: ${(error as Error).message}` };
      }
      if (!smtp.host || !smtp.from)
        return {
          outcome: 'retry',
          error: 'SMTP is not configured: set host and from in the smtp setting (console → integrations)',
        };
      if (signal.aborted) return { outcome: 'retry', error: 'the delivery was aborted before sending' };
      const transport = transportFor({ ...smtp, host: smtp.host });
      try {
        const info = await transport.sendMail({ ...compose(parsed.data, { ...smtp, from: smtp.from }, row), signal });
        const rejected = (info.rejectedErrors ?? []).map((e) => `${e.recipient ?? '?'}: ${describe(e)}`);
        // Servers that replace the Message-ID (Microsoft 365, SES) name the one they used.
        const messageId = info.serverMessageId ?? info.messageId;
        const detail = [messageId, ...(rejected.length ? [`rejected: ${rejected.join('; ')}`] : [])].join('\n');
        return { outcome: 'delivered', statusCode: 250, detail: detail.slice(0, DETAIL_MAX) };
      } catch (error) {
        return classify(error as NodemailerError, signal.aborted);
      }
    },

    async settled(client, row, result, final) {
      if (result.outcome === 'delivered') {
        const [messageId, ...rest] = (result.detail ?? '').split('\n');
        await client.query(
          `UPDATE mail_deliveries SET status = 'sent', message_id = $2, sent_at = now(), error = $3 WHERE outbox_id = $1`,
          [row.id, messageId || null, rest.join('\n') || null],
        );
        return;
      }
      await client.query(
        `UPDATE mail_deliveries SET status = $2, error = $3 WHERE outbox_id = $1 AND status <> 'sent'`,
        [row.id, final ? 'failed' : 'sending', result.error],
      );
    },

    close() {
      current?.transport.close();
      current = undefined;
    },
  };
}
