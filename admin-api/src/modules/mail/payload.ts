// The outbox payload of a mail (event_type `mail.send`, channel `mail`): everything the mail
// channel needs to send the message, written by the API (service.ts) and read back by the
// channel (relay/channels/mail.ts). Attachments travel base64-encoded inside the row, so the
// row alone is the whole effect (no files on disk that a relay on another host cannot see);
// the API caps their size for that reason. The sender address is not part of the payload: it
// comes from the SMTP settings at send time.
import { z } from 'zod';

export const MAIL_EVENT_TYPE = 'mail.send';
export const PRIORITIES = ['high', 'normal', 'low'] as const;

export const attachmentPayload = z.object({
  filename: z.string(),
  content_type: z.string(),
  content_base64: z.string(),
});

export const mailPayloadSchema = z.object({
  /** The mail_deliveries row this message belongs to (for tracing; the channel keys on outbox_id). */
  delivery_id: z.string().optional(),
  to: z.array(z.string()).default([]),
  cc: z.array(z.string()).default([]),
  bcc: z.array(z.string()).default([]),
  reply_to: z.string().nullable().default(null),
  from_name: z.string().nullable().default(null),
  priority: z.enum(PRIORITIES).default('normal'),
  subject: z.string(),
  html: z.string().nullable().default(null),
  text: z.string().nullable().default(null),
  attachments: z.array(attachmentPayload).default([]),
  /** Extra headers (X-… only; checked by the API). */
  headers: z.record(z.string(), z.string()).default({}),
});

export type MailPayload = z.infer<typeof mailPayloadSchema>;

/** Decoded size of a base64 text, without decoding it. */
export function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}
