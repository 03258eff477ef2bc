// SQL for subscriptions. The sealed secret (ciphertext, nonce, key id) is read only where it
// is needed (delivery, rotation); list and detail queries never select it.
import type pg from 'pg';
import type { SealedBox } from '../../crypto/secret-box.ts';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { matchingPatterns } from '../outbox/emit.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SubscriptionRow = {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  active: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  created_by: string | null;
  api_key_id: string | null;
  created_at: Date;
  updated_at: Date;
};

export type SubscriptionFields = {
  url: string;
  eventTypes: string[];
  description: string | null;
  active: boolean;
  disabledReason: string | null;
};

const COLUMNS = `id, url, event_types, description, active, disabled_reason, consecutive_failures, last_success_at,
  last_failure_at, created_by, api_key_id, created_at, updated_at`;

export const SORTABLE = [
  'url',
  'active',
  'created_at',
  'updated_at',
  'consecutive_failures',
  'last_success_at',
  'last_failure_at',
];

const listTable: ListTable = {
  from: 'subscriptions',
  columns: COLUMNS,
  idColumn: 'id',
  search: ilikeSearch('url', 'description', "array_to_string(event_types, ' ')"),
  filters: {
    active: filterSql.equals('active'),
    url: filterSql.equals('url'),
    event_type: (value: never, params) => `event_types && ${params.add(matchingPatterns(value as string))}::text[]`,
  },
  sortColumns: Object.fromEntries(SORTABLE.map((c) => [c, c])),
};

export const listSubscriptions = (db: Queryable, query: ListQuery) => listRows<SubscriptionRow>(db, listTable, query);

export async function getSubscription(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<SubscriptionRow | undefined> {
  const result = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM subscriptions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function getByUrl(db: Queryable, url: string): Promise<SubscriptionRow | undefined> {
  const result = await db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions WHERE url = $1 FOR UPDATE`, [
    url,
  ]);
  return result.rows[0];
}

export type SecretRow = { id: string; url: string; active: boolean; box: SealedBox };

/** What a delivery or a verification needs: where, whether, and the sealed secret. */
export async function getSecretRow(db: Queryable, id: string): Promise<SecretRow | undefined> {
  const result = await db.query<{
    id: string;
    url: string;
    active: boolean;
    secret_ciphertext: Buffer;
    secret_nonce: Buffer;
    secret_key_id: string;
  }>('SELECT id, url, active, secret_ciphertext, secret_nonce, secret_key_id FROM subscriptions WHERE id = $1', [id]);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    url: row.url,
    active: row.active,
    box: { ciphertext: row.secret_ciphertext, nonce: row.secret_nonce, keyId: row.secret_key_id },
  };
}

/** Inserts unless the url exists (then returns undefined: the caller updates that row). */
export async function insertIfNewUrl(
  db: Queryable,
  id: string,
  fields: SubscriptionFields,
  box: SealedBox,
  creator: { createdBy: string | null; apiKeyId: string | null },
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO subscriptions (id, url, event_types, description, active, disabled_reason, secret_ciphertext,
       secret_nonce, secret_key_id, created_by, api_key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (url) DO NOTHING`,
    [
      id,
      fields.url,
      fields.eventTypes,
      fields.description,
      fields.active,
      fields.disabledReason,
      box.ciphertext,
      box.nonce,
      box.keyId,
      creator.createdBy,
      creator.apiKeyId,
    ],
  );
  return result.rowCount === 1;
}

/**
 * Replaces the editable fields. Turning a subscription (back) on forgets its failure streak,
 * so the next failures are counted from zero.
 */
export async function updateSubscription(db: Queryable, id: string, fields: SubscriptionFields): Promise<void> {
  await db.query(
    `UPDATE subscriptions SET url = $2, event_types = $3, description = $4, active = $5, disabled_reason = $6,
       consecutive_failures = CASE WHEN $5 AND NOT active THEN 0 ELSE consecutive_failures END
     WHERE id = $1`,
    [id, fields.url, fields.eventTypes, fields.description, fields.active, fields.disabledReason],
  );
}

export async function setSecret(db: Queryable, id: string, box: SealedBox): Promise<void> {
  await db.query(
    'UPDATE subscriptions SET secret_ciphertext = $2, secret_nonce = $3, secret_key_id = $4 WHERE id = $1',
    [id, box.ciphertext, box.nonce, box.keyId],
  );
}

export async function deleteSubscription(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM subscriptions WHERE id = $1', [id]);
}

// Delivery bookkeeping (the webhook channel's settled hook, inside the relay's settle
// transaction). Each statement locks the subscription only if no other transaction holds it
// (SKIP LOCKED) and otherwise changes nothing: see relay/channels/webhook.ts for why.
const UNLOCKED = 'id = $1 AND id IN (SELECT id FROM subscriptions WHERE id = $1 FOR UPDATE SKIP LOCKED)';

export async function recordSuccess(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE subscriptions SET consecutive_failures = 0, last_success_at = now() WHERE ${UNLOCKED}`, [id]);
}

export async function recordFailure(db: Queryable, id: string, failures = 1): Promise<void> {
  await db.query(
    `UPDATE subscriptions SET consecutive_failures = consecutive_failures + $2, last_failure_at = now()
      WHERE ${UNLOCKED}`,
    [id, failures],
  );
}

/** Switches an active subscription off; its configuration when it did, undefined otherwise. */
export async function disable(
  db: Queryable,
  id: string,
  reason: string,
): Promise<Pick<SubscriptionRow, 'url' | 'event_types' | 'description'> | undefined> {
  const result = await db.query<Pick<SubscriptionRow, 'url' | 'event_types' | 'description'>>(
    `UPDATE subscriptions SET active = false, disabled_reason = $2, last_failure_at = now()
      WHERE ${UNLOCKED} AND active
      RETURNING url, event_types, description`,
    [id, reason],
  );
  return result.rows[0];
}
