// Queueing mail (SPEC 3.3): one mail_deliveries row (the delivery log) and one outbox row
// (channel `mail`, event type `mail.send`, the message as payload) in one transaction with
// its audit row; the relay sends it through the mail channel. A known idempotency key sends
// nothing and returns the first delivery as it is now. Templated mail is rendered here, at
// queue time, strictly: a missing variable is a 422 naming it and nothing is queued.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { getTemplate, recordUsage } from '../templates/repo.ts';
import { renderTemplate } from '../templates/service.ts';
import { base64Bytes, type MailPayload } from './payload.ts';
import * as repo from './repo.ts';
import type { DeliveryRow } from './repo.ts';
import { MAX_ATTACHMENT_BYTES, type MailDeliveryDto, type SendMailInput } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(row: DeliveryRow): MailDeliveryDto {
  return {
    id: row.id,
    idempotency_key: row.idempotency_key,
    outbox_id: row.outbox_id,
    template_id: row.template_id,
    event_id: row.event_id,
    message_id: row.message_id,
    status: row.status as MailDeliveryDto['status'],
    error: row.error,
    recipients: {
      to: row.recipients.to ?? [],
      cc: row.recipients.cc ?? [],
      bcc: row.recipients.bcc ?? [],
      reply_to: row.recipients.reply_to ?? null,
    },
    subject: row.subject,
    attachments: row.attachments,
    attempts: row.attempts ?? 0,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    sent_at: iso(row.sent_at),
  };
}

export const isFinished = (status: string) => status === 'sent' || status === 'failed';

export async function getOrThrow(db: pg.Pool | pg.ClientBase, id: string): Promise<MailDeliveryDto> {
  const row = await repo.getDelivery(db, id);
  if (!row) throw notFound(`no mail delivery with id ${id}`);
  return toDto(row);
}

function checkAttachmentSize(input: SendMailInput): void {
  const total = input.attachments.reduce((sum, a) => sum + base64Bytes(a.content_base64), 0);
  if (total > MAX_ATTACHMENT_BYTES)
    throw new HttpProblem(413, 'Content Too Large', {
      detail: `the attachments come to ${total} bytes; at most ${MAX_ATTACHMENT_BYTES} bytes (10 MB) per mail`,
      errors: { attachments: `must be at most ${MAX_ATTACHMENT_BYTES} bytes together (decoded)` },
    });
}

type Content = { subject: string; html: string | null; text: string | null; templateId: string | null };

/** Subject and bodies: as given, or rendered from an email template (strict). */
async function contentOf(pool: pg.Pool, input: SendMailInput): Promise<Content> {
  if (!input.template_id)
    return { subject: input.subject!, html: input.html ?? null, text: input.text ?? null, templateId: null };
  const template = await getTemplate(pool, input.template_id);
  if (!template)
    throw badRequest(`template_id: no template with id ${input.template_id}`, {
      template_id: 'no template with this id',
    });
  if (template.type !== 'email')
    throw badRequest(`template_id: a ${template.type} template cannot be mailed`, {
      template_id: `is a ${template.type} template, not an email template`,
    });
  const rendered = renderTemplate(template, input.variables ?? {});
  if (rendered.missing.length > 0)
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: `missing variables: ${rendered.missing.join(', ')}`,
      errors: Object.fromEntries(rendered.missing.map((m) => [`variables.${m}`, 'is missing'])),
      extensions: { missing: rendered.missing },
    });
  return {
    subject: (rendered.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    html: rendered.body_html,
    text: rendered.body_text,
    templateId: template.id,
  };
}

/** `ann@example.com +2`: the outbox row's target (a summary, for the outbox views). */
const targetOf = (all: string[]) => (all.length > 1 ? `${all[0]} +${all.length - 1}` : (all[0] ?? ''));

export type Queued = { delivery: MailDeliveryDto; created: boolean };

export async function queue(pool: pg.Pool, input: SendMailInput, actor: AuditActor): Promise<Queued> {
  const key = input.idempotency_key ?? randomUUID();
  // A known key answers before anything is rendered or checked: the first request decided.
  const known = await repo.getDeliveryByKey(pool, key);
  if (known) return { delivery: toDto(known), created: false };
  checkAttachmentSize(input);
  const content = await contentOf(pool, input);
  const recipients = { to: input.to, cc: input.cc, bcc: input.bcc, reply_to: input.reply_to };
  const attachments = input.attachments.map((a) => ({
    filename: a.filename,
    content_type: a.content_type,
    size: base64Bytes(a.content_base64),
  }));

  return withTransaction(pool, async (client) => {
    const id = await repo.insertDelivery(client, {
      idempotencyKey: key,
      templateId: content.templateId,
      recipients,
      subject: content.subject,
      attachments,
    });
    if (!id) {
      // A concurrent request with the same key won the insert (and has committed).
      const first = await repo.getDeliveryByKey(client, key);
      if (!first) throw new Error(`mail delivery with idempotency key ${key} vanished`);
      return { delivery: toDto(first), created: false };
    }
    const payload: MailPayload = {
      delivery_id: id,
      to: input.to,
      cc: input.cc,
      bcc: input.bcc,
      reply_to: input.reply_to,
      from_name: input.from_name,
      priority: input.priority,
      subject: content.subject,
      html: content.html,
      text: content.text,
      attachments: input.attachments,
      headers: input.headers,
    };
    const outboxId = await repo.enqueue(client, {
      deliveryId: id,
      idempotencyKey: key,
      target: targetOf([...input.to, ...input.cc, ...input.bcc]),
      payload,
    });
    if (content.templateId)
      await recordUsage(client, {
        templateId: content.templateId,
        usedBy: actor.actorLabel ?? null,
        context: 'mail',
        details: { delivery_id: id },
      });
    // The audit row names the mail, not its content: no bodies, no attachments, no addresses.
    await appendAudit(client, {
      ...actor,
      entity: 'mail_delivery',
      entityId: id,
      action: 'create',
      newValue: {
        subject: content.subject,
        recipients: { to: input.to.length, cc: input.cc.length, bcc: input.bcc.length },
        attachments: attachments.length,
        template_id: content.templateId,
        idempotency_key: key,
        outbox_id: outboxId,
      },
    });
    return { delivery: toDto((await repo.getDelivery(client, id))!), created: true };
  });
}

/**
 * Polls the delivery every `intervalMs` until it is sent or failed, `timeoutMs` passed, or
 * `signal` aborts (the caller went away). Returns the delivery as it is then.
 */
export async function waitForOutcome(
  pool: pg.Pool,
  id: string,
  options: { timeoutMs: number; signal?: AbortSignal; intervalMs?: number },
): Promise<MailDeliveryDto> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  while (Date.now() < deadline && !options.signal?.aborted) {
    const status = await repo.statusOf(pool, id);
    if (status === undefined || isFinished(status)) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
  return getOrThrow(pool, id);
}
