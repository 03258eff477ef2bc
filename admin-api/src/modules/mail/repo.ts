// SQL for mail_deliveries (the delivery log, one row per message) and the outbox row that
// carries each message. The attempt count comes from the outbox row.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { MAIL_EVENT_TYPE, type MailPayload } from './payload.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type DeliveryRow = {
  id: string;
  idempotency_key: string;
  outbox_id: string | null;
  template_id: string | null;
  event_id: string | null;
  message_id: string | null;
  status: string;
  error: string | null;
  recipients: { to?: string[]; cc?: string[]; bcc?: string[]; reply_to?: string | null };
  subject: string | null;
  attachments: Array<{ filename: string; content_type: string; size: number }>;
  attempts: number | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
};

const FROM = 'mail_deliveries d LEFT JOIN outbox o ON o.id = d.outbox_id';
const COLUMNS = `d.id, d.idempotency_key, d.outbox_id, d.template_id, d.event_id, d.message_id, d.status, d.error,
  d.recipients, d.subject, d.attachments, o.attempts, d.created_at, d.updated_at, d.sent_at`;

export const SORTABLE = ['created_at', 'updated_at', 'sent_at', 'status', 'subject'];

const listTable: ListTable = {
  from: FROM,
  columns: COLUMNS,
  idColumn: 'd.id',
  // Recipients are searched in their JSON text: a part of an address finds the mail.
  search: ilikeSearch('d.recipients::text', 'd.subject', 'd.message_id', 'd.idempotency_key'),
  filters: {
    status: filterSql.oneOf('d.status'),
    template_id: filterSql.equals('d.template_id'),
    created_from: filterSql.from('d.created_at'),
    created_to: filterSql.until('d.created_at'),
  },
  sortColumns: {
    created_at: 'd.created_at',
    updated_at: 'd.updated_at',
    sent_at: 'd.sent_at',
    status: 'd.status',
    subject: 'd.subject',
  },
};

export const listDeliveries = (db: Queryable, query: ListQuery) => listRows<DeliveryRow>(db, listTable, query);

export async function getDelivery(db: Queryable, id: string): Promise<DeliveryRow | undefined> {
  return (await db.query<DeliveryRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1`, [id])).rows[0];
}

export async function getDeliveryByKey(db: Queryable, key: string): Promise<DeliveryRow | undefined> {
  return (await db.query<DeliveryRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.idempotency_key = $1`, [key])).rows[0];
}

/**
 * Inserts the delivery row; undefined when the idempotency key exists. A concurrent insert of
 * the same key waits for the other transaction and then finds the row (ON CONFLICT).
 */
export async function insertDelivery(
  db: Queryable,
  d: {
    idempotencyKey: string;
    templateId: string | null;
    recipients: DeliveryRow['recipients'];
    subject: string;
    attachments: DeliveryRow['attachments'];
  },
): Promise<string | undefined> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO mail_deliveries (idempotency_key, template_id, recipients, subject, attachments)
     VALUES ($1, $2, $3::jsonb, $4, $5::jsonb)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [d.idempotencyKey, d.templateId, JSON.stringify(d.recipients), d.subject, JSON.stringify(d.attachments)],
  );
  return result.rows[0]?.id;
}

/** Writes the outbox row of a delivery and links the delivery to it; returns the outbox id. */
export async function enqueue(
  db: Queryable,
  d: { deliveryId: string; idempotencyKey: string; target: string; payload: MailPayload },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `WITH o AS (
       INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, entity, entity_id)
       VALUES ($1, 'mail', $2, $3::jsonb, $4, 'mail_delivery', $5)
       RETURNING id)
     UPDATE mail_deliveries d SET outbox_id = o.id FROM o WHERE d.id = $6 RETURNING o.id`,
    [MAIL_EVENT_TYPE, d.target, JSON.stringify(d.payload), `mail:${d.idempotencyKey}`, d.deliveryId, d.deliveryId],
  );
  return result.rows[0]!.id;
}

/** Status only, for polling while a caller waits for the outcome. */
export async function statusOf(db: Queryable, id: string): Promise<string | undefined> {
  return (await db.query<{ status: string }>('SELECT status FROM mail_deliveries WHERE id = $1', [id])).rows[0]?.status;
}
