// SQL for ingest tokens, records and the domains view. Parameterised queries only; token
// secrets never reach this layer, only their hashes.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable, type SqlParams } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

/** What authentication needs. */
export type IngestTokenAuthRow = {
  id: string;
  domain: string;
  token_hash: Buffer;
  expires_at: Date | null;
  revoked_at: Date | null;
};

/** What the API shows (never the hash). */
export type IngestTokenRecord = {
  id: string;
  domain: string;
  public_id: string;
  description: string | null;
  status: 'active' | 'expired' | 'revoked';
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  use_count: string;
  created_at: Date;
  updated_at: Date;
};

const STATUS_SQL = `CASE
    WHEN t.revoked_at IS NOT NULL THEN 'revoked'
    WHEN t.expires_at IS NOT NULL AND t.expires_at <= now() THEN 'expired'
    ELSE 'active' END`;

const TOKEN_COLUMNS = `t.id, t.domain, t.public_id, t.description, ${STATUS_SQL} AS status, t.expires_at, t.revoked_at,
  t.last_used_at, host(t.last_used_ip) AS last_used_ip, t.use_count, t.created_at, t.updated_at`;

export const TOKEN_SORTABLE = ['created_at', 'domain', 'expires_at', 'last_used_at', 'use_count'];

const tokenTable: ListTable = {
  from: 'ingest_tokens t',
  columns: TOKEN_COLUMNS,
  idColumn: 't.id',
  search: ilikeSearch('t.domain', 't.description', 't.public_id'),
  filters: {
    domain: filterSql.equals('t.domain'),
    status: (value: never, params) => `(${STATUS_SQL}) = ${params.add(value)}`,
  },
  sortColumns: {
    created_at: 't.created_at',
    domain: 't.domain',
    expires_at: 't.expires_at',
    last_used_at: 't.last_used_at',
    use_count: 't.use_count',
  },
};

export const listTokens = (db: Queryable, query: ListQuery) => listRows<IngestTokenRecord>(db, tokenTable, query);

export async function getToken(db: Queryable, id: string, forUpdate = false): Promise<IngestTokenRecord | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  const result = await db.query<IngestTokenRecord>(
    `SELECT ${TOKEN_COLUMNS} FROM ingest_tokens t WHERE t.id = $1${lock}`,
    [id],
  );
  return result.rows[0];
}

export async function findTokenByPublicId(db: Queryable, publicId: string): Promise<IngestTokenAuthRow | undefined> {
  const result = await db.query<IngestTokenAuthRow>(
    'SELECT id, domain, token_hash, expires_at, revoked_at FROM ingest_tokens WHERE public_id = $1',
    [publicId],
  );
  return result.rows[0];
}

export async function insertToken(
  db: Queryable,
  token: { domain: string; publicId: string; tokenHash: Buffer; description: string | null; expiresAt: Date | null },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO ingest_tokens (domain, public_id, token_hash, description, expires_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [token.domain, token.publicId, token.tokenHash, token.description, token.expiresAt],
  );
  return result.rows[0]!.id;
}

export async function setRevoked(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE ingest_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [id]);
}

export async function deleteToken(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM ingest_tokens WHERE id = $1', [id]);
}

// ---- records ----

/** The records of one request and the message announcing them. */
export type RecordsEntry = {
  domain: string;
  ip: string | null;
  tokenId: string;
  /** Each record's JSON text as received, and its id (time-ordered, see record-ids.ts). */
  records: Array<{ json: string; bytes: number }>;
  ids: string[];
  /** The outbox message: emitEvent's envelope as JSON text; data.received_at is filled in here. */
  messageId: string;
  envelope: string;
};

export type RecordsMessageKind = {
  type: string;
  entityKind: string;
  /** Subscription patterns that match `type` (outbox/emit.ts matchingPatterns). */
  patterns: string[];
};

// The exact receive time as text: UTC with microseconds (see RECEIVED_AT below).
const utcMicros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Stores the records of one or more requests and fans each request's message out to the
 * outbox, in ONE statement: one round trip and one commit (an implicit transaction), instead
 * of BEGIN, INSERT, the fan-out INSERT and COMMIT per request. Every request of the batch gets
 * the same received_at (the statement's transaction time).
 * The fan-out (ingest_emit_received, migration 0016) writes the same rows as outbox/emit.ts
 * emitEvent() — one per active subscription whose patterns match, idempotency key
 * `msg_<message id>_<subscription id>` — and tests/integration/ingest.test.ts compares the
 * two, so they cannot drift apart unnoticed.
 * The JSON text of each record goes to PostgreSQL as received, so numbers keep every digit.
 */
export async function insertBatch(
  db: Queryable,
  entries: RecordsEntry[],
  message: RecordsMessageKind,
): Promise<{ receivedAt: string; stored: number; emitted: number }> {
  const ids: string[] = [];
  const domains: string[] = [];
  const payloads: string[] = [];
  const ips: Array<string | null> = [];
  const tokenIds: string[] = [];
  const sizes: number[] = [];
  for (const entry of entries) {
    entry.records.forEach((record, i) => {
      ids.push(entry.ids[i]!);
      domains.push(entry.domain);
      payloads.push(record.json);
      ips.push(entry.ip);
      tokenIds.push(entry.tokenId);
      sizes.push(record.bytes);
    });
  }
  // The fan-out (migration 0016, same rows as emitEvent) runs only when a subscription wants
  // the message: an INSERT INTO outbox that inserts nothing still fires outbox_notify.
  const result = await db.query<{ stored: number; emitted: number; received_at: string }>(
    `WITH stored AS (
       INSERT INTO ingest_records (id, domain, payload, source_ip, token_id, size_bytes)
       SELECT r.id, r.domain, r.payload::jsonb, r.ip, r.token_id, r.size
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::inet[], $5::uuid[], $6::int[])
              AS r(id, domain, payload, ip, token_id, size)
       RETURNING 1)
     SELECT (SELECT count(*) FROM stored)::int AS stored,
            CASE WHEN EXISTS (SELECT 1 FROM subscriptions s WHERE s.active AND s.event_types && $8::text[])
                 THEN ingest_emit_received($7, $8, $9, ${utcMicros('now()')}, $10, $11, $12)
                 ELSE 0 END AS emitted,
            ${utcMicros('now()')} AS received_at`,
    [
      ids,
      domains,
      payloads,
      ips,
      tokenIds,
      sizes,
      message.type,
      message.patterns,
      message.entityKind,
      entries.map((e) => e.messageId),
      entries.map((e) => e.envelope),
      entries.map((e) => e.domain),
    ],
  );
  const row = result.rows[0]!;
  if (row.stored !== ids.length) throw new Error('ingest: not every record was stored');
  return { receivedAt: row.received_at, stored: row.stored, emitted: row.emitted };
}

export type IngestRecordRow = {
  id: string;
  domain: string;
  /** ISO 8601 in UTC with microseconds: the exact ordering key, for from/to and exports. */
  received_at: string;
  payload: unknown;
  source_ip: string | null;
  token_id: string | null;
  size_bytes: number | null;
};

// Microseconds, not JavaScript's milliseconds: a client that continues "from" the last
// received_at it saw must not skip or repeat records of the same millisecond.
const RECEIVED_AT = utcMicros('r.received_at');

export const RECORD_SORTABLE = ['received_at', 'size_bytes'];

export function listRecords(db: Queryable, domain: string, query: ListQuery) {
  const table: ListTable = {
    from: 'ingest_records r',
    columns: `r.id, r.domain, ${RECEIVED_AT} AS received_at, r.payload, host(r.source_ip) AS source_ip, r.token_id,
      r.size_bytes`,
    idColumn: 'r.id',
    search: ilikeSearch('r.payload::text'),
    filters: { from: filterSql.from('r.received_at'), to: filterSql.until('r.received_at') },
    sortColumns: { received_at: 'r.received_at', size_bytes: 'r.size_bytes' },
    extraWhere: [(params: SqlParams) => `r.domain = ${params.add(domain)}`],
  };
  return listRows<IngestRecordRow>(db, table, query);
}

export type ExportRow = { id: string; received_at: string; payload: string };
export type ExportCursor = { receivedAt: string; id: string };

/**
 * One page of an export, in (received_at, id) order after `after`: at most `maxRows` rows,
 * and no more than about `maxBytes` of payload (at least one row) — records may be up to
 * INGEST_MAX_BYTES each, so a row count alone would not bound the memory of a page. The
 * payload comes as JSON text and is written out as is.
 */
export async function exportPage(
  db: Queryable,
  options: {
    domain: string;
    from: Date | null;
    to: Date | null;
    after: ExportCursor | null;
    maxRows: number;
    maxBytes: number;
  },
): Promise<ExportRow[]> {
  const result = await db.query<ExportRow>(
    `SELECT id, received_at, payload FROM (
       SELECT r.id, ${RECEIVED_AT} AS received_at, r.payload::text AS payload,
              sum(coalesce(r.size_bytes, 0)) OVER (ORDER BY r.received_at, r.id ROWS UNBOUNDED PRECEDING)
                - coalesce(r.size_bytes, 0) AS bytes_before
         FROM ingest_records r
        WHERE r.domain = $1
          AND ($2::timestamptz IS NULL OR r.received_at >= $2)
          AND ($3::timestamptz IS NULL OR r.received_at < $3)
          AND ($4::timestamptz IS NULL OR (r.received_at, r.id) > ($4::timestamptz, $5::uuid))
        ORDER BY r.received_at, r.id
        LIMIT $6
     ) page
     WHERE bytes_before < $7 OR bytes_before = 0
     ORDER BY received_at, id`,
    [
      options.domain,
      options.from,
      options.to,
      options.after?.receivedAt ?? null,
      options.after?.id ?? null,
      options.maxRows,
      options.maxBytes,
    ],
  );
  return result.rows;
}

// ---- domains ----

export type IngestDomainRow = {
  id: string;
  domain: string;
  record_count: string;
  first_received_at: Date | null;
  last_received_at: Date | null;
  active_tokens: string;
};

export const DOMAIN_SORTABLE = ['domain', 'record_count', 'first_received_at', 'last_received_at', 'active_tokens'];

const domainTable: ListTable = {
  from: 'ingest_domains d',
  columns: 'd.id, d.domain, d.record_count, d.first_received_at, d.last_received_at, d.active_tokens',
  idColumn: 'd.id',
  search: ilikeSearch('d.domain'),
  filters: {},
  sortColumns: {
    domain: 'd.domain',
    record_count: 'd.record_count',
    first_received_at: 'd.first_received_at',
    last_received_at: 'd.last_received_at',
    active_tokens: 'd.active_tokens',
  },
};

export const listDomains = (db: Queryable, query: ListQuery) => listRows<IngestDomainRow>(db, domainTable, query);
