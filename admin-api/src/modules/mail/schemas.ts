// Request/response shapes of /api/v1/mail. A mail is either given directly (subject + html
// and/or text) or by an email template (template_id + variables); mixing both is refused
// field by field. Recipients are plain addresses (no display names) in lists.
import { z } from '../../openapi/zod.ts';
import { PRIORITIES } from './payload.ts';

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export const MAX_RECIPIENTS = 100;
export const MAX_ATTACHMENTS = 20;
/** Total size of the attachments after base64 decoding (413 above it). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** JSON body limit of POST /api/v1/mail: the attachments base64-encoded (4/3) plus the bodies. */
export const MAIL_BODY_LIMIT = '16mb';

const address = z
  .string('must be an e-mail address')
  .trim()
  .max(320, 'must be at most 320 characters')
  .pipe(z.email('must be an e-mail address'));

const addressList = z
  .array(address, 'must be a list of e-mail addresses')
  .max(MAX_RECIPIENTS, `must hold at most ${MAX_RECIPIENTS} addresses`);

/** One line of text (display names, header values): a line break would start a new header. */
const oneLine = (max: number) =>
  z
    .string('must be text')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\r\n]*$/, 'must be one line');

/**
 * Standard base64 with padding. A loop, not a regular expression: attachments run to millions
 * of characters, and a backtracking pattern over them exhausts the stack.
 */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const body = text.endsWith('==') ? text.length - 2 : text.endsWith('=') ? text.length - 1 : text.length;
  for (let i = 0; i < body; i++) {
    const c = text.charCodeAt(i);
    // A-Z, a-z, 0-9, '+', '/'
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47)) return false;
  }
  return true;
}

const attachment = z.object({
  filename: z
    .string('is required')
    .trim()
    .min(1, 'is required')
    .max(255, 'must be at most 255 characters')
    .refine(
      (name) => ![...name].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127),
      'must be a file name without path separators or control characters',
    ),
  content_type: z
    .string('must be a media type such as application/pdf')
    .trim()
    .toLowerCase()
    .max(255, 'must be at most 255 characters')
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/, 'must be a media type such as application/pdf')
    .default('application/octet-stream'),
  content_base64: z
    .string('must be base64 text')
    // MIME tools wrap base64 in lines; the line breaks carry nothing.
    .transform((v) => v.replace(/\s+/g, ''))
    .refine(isBase64, 'must be base64 (standard alphabet)'),
});

const headerName = z
  .string()
  .regex(/^X-[A-Za-z0-9-]{1,76}$/i, 'custom headers must be X-… names (letters, digits, dashes)');

const idempotencyKey = z
  .string('must be text')
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters (no spaces)');

export const sendMailBody = z
  .object({
    to: addressList.default([]),
    cc: addressList.default([]),
    bcc: addressList.default([]),
    reply_to: address.nullish().transform((v) => v ?? null),
    from_name: oneLine(200)
      .nullish()
      .transform((v) => v?.trim() || null)
      .openapi({ description: "Display name for the sender; the address is the smtp setting's `from`" }),
    priority: z.enum(PRIORITIES, `must be one of ${PRIORITIES.join(', ')}`).default('normal'),
    subject: oneLine(998).nullish(),
    html: z.string('must be text').max(2_000_000, 'must be at most 2,000,000 characters').nullish(),
    text: z.string('must be text').max(1_000_000, 'must be at most 1,000,000 characters').nullish(),
    template_id: z.uuid('must be a UUID').nullish(),
    variables: z
      .record(z.string(), z.unknown(), 'must be an object of variables')
      .nullish()
      .openapi({ description: 'Template variables (only with template_id); missing ones are a 422 naming them' }),
    attachments: z
      .array(attachment, 'must be a list of attachments')
      .max(MAX_ATTACHMENTS, `must hold at most ${MAX_ATTACHMENTS} attachments`)
      .default([])
      .openapi({ description: `At most ${MAX_ATTACHMENTS}, together at most 10 MB decoded (413 above)` }),
    headers: z
      .record(headerName, oneLine(998), 'must be an object of header names and values')
      .refine((h) => Object.keys(h).length <= 20, 'must hold at most 20 headers')
      .default({}),
    idempotency_key: idempotencyKey
      .nullish()
      .openapi({ description: 'A second request with the same key sends nothing and returns the first delivery' }),
    wait: z
      .boolean('must be true or false')
      .default(false)
      .openapi({ description: 'Wait until the mail is sent or failed (200), at most timeout_ms (then 202)' }),
    timeout_ms: z
      .number('must be a number')
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(60_000, 'must be at most 60000')
      .default(10_000),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const recipients = m.to.length + m.cc.length + m.bcc.length;
    if (recipients === 0) issue('to', 'needs at least one recipient (to, cc or bcc)');
    if (recipients > MAX_RECIPIENTS) issue('to', `to, cc and bcc together must hold at most ${MAX_RECIPIENTS}`);
    if (m.template_id) {
      for (const field of ['subject', 'html', 'text'] as const)
        if (m[field] !== undefined && m[field] !== null) issue(field, 'cannot be combined with template_id');
    } else {
      if (!m.subject?.trim()) issue('subject', 'is required (or give a template_id)');
      if (!m.html && !m.text) issue('html', 'give an HTML or a text body (or a template_id)');
      if (m.variables) issue('variables', 'only with template_id');
    }
  })
  .openapi('SendMail');

export const mailDeliverySchema = z
  .object({
    id: z.uuid(),
    idempotency_key: z.string(),
    outbox_id: z.uuid().nullable(),
    template_id: z.uuid().nullable(),
    event_id: z.uuid().nullable(),
    message_id: z.string().nullable().openapi({ description: 'The Message-ID of the sent message' }),
    status: z.enum(DELIVERY_STATUSES),
    error: z.string().nullable().openapi({ description: 'The last error (or the recipients a server rejected)' }),
    recipients: z.object({
      to: z.array(z.string()),
      cc: z.array(z.string()),
      bcc: z.array(z.string()),
      reply_to: z.string().nullable(),
    }),
    subject: z.string().nullable(),
    attachments: z.array(z.object({ filename: z.string(), content_type: z.string(), size: z.number().int() })),
    attempts: z.number().int().openapi({ description: 'Delivery attempts so far (from the outbox row)' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    sent_at: z.iso.datetime().nullable(),
  })
  .openapi('MailDelivery');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const mailFilters = {
  status: z.union([z.enum(DELIVERY_STATUSES), z.array(z.enum(DELIVERY_STATUSES)).min(1)], {
    message: `must be one or a list of ${DELIVERY_STATUSES.join(', ')}`,
  }),
  template_id: z.uuid('must be a UUID'),
  created_from: instant,
  created_to: instant,
};

export type SendMailInput = z.infer<typeof sendMailBody>;
export type MailDeliveryDto = z.infer<typeof mailDeliverySchema>;
