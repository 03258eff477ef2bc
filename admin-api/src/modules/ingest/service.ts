// Ingest: tokens (created with the token returned once, revoked, deleted — each change audited
// in its transaction), verification of a presented token, storing received records together
// with their `ingest.received` message, and the JSONL export.
//
// Storing records is not audited row by row: ingest is a data path for external callers at
// thousands of requests per second, and audit_append() serialises on one lock. Each record
// carries its own provenance instead (token, source address, time, size).
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, notFound, unauthorized } from '../../http/problem.ts';
import { sameHash } from '../api-keys/key-format.ts';
import { appendAudit } from '../audit/repo.ts';
import { matchingPatterns } from '../outbox/emit.ts';
import type { RecordText } from './json-records.ts';
import { recordIds } from './record-ids.ts';
import * as repo from './repo.ts';
import type { ExportCursor, IngestDomainRow, IngestRecordRow, IngestTokenAuthRow, IngestTokenRecord } from './repo.ts';
import type { CreateIngestTokenInput, IngestDomainDto, IngestRecordDto, IngestTokenDto } from './schemas.ts';
import type { IngestTokenCache } from './token-cache.ts';
import type { RecordWriter } from './writer.ts';
import { generateIngestToken, maskToken, parseIngestToken } from './token-format.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(row: IngestTokenRecord): IngestTokenDto {
  return {
    id: row.id,
    domain: row.domain,
    description: row.description,
    prefix: maskToken(row.public_id),
    status: row.status,
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
    last_used_at: iso(row.last_used_at),
    last_used_ip: row.last_used_ip,
    use_count: Number(row.use_count),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view of a token: never the hash, not the usage statistics. */
const auditView = (dto: IngestTokenDto) => ({
  domain: dto.domain,
  description: dto.description,
  prefix: dto.prefix,
  expires_at: dto.expires_at,
  revoked_at: dto.revoked_at,
});

export async function getTokenOrThrow(db: pg.Pool | pg.ClientBase, id: string, forUpdate = false) {
  const row = await repo.getToken(db, id, forUpdate);
  if (!row) throw notFound(`no ingest token with id ${id}`);
  return row;
}

export async function createToken(
  pool: pg.Pool,
  input: CreateIngestTokenInput,
  actor: AuditActor,
): Promise<IngestTokenDto & { token: string }> {
  const generated = generateIngestToken();
  const created = await withTransaction(pool, async (client) => {
    const id = await repo.insertToken(client, {
      domain: input.domain,
      publicId: generated.publicId,
      tokenHash: generated.tokenHash,
      description: input.description,
      expiresAt: input.expires_at,
    });
    const dto = toDto((await repo.getToken(client, id))!);
    await appendAudit(client, {
      ...actor,
      entity: 'ingest_token',
      entityId: id,
      action: 'create',
      newValue: auditView(dto),
      riskScore: 20,
    });
    return dto;
  });
  return { ...created, token: generated.token };
}

export async function revokeToken(pool: pg.Pool, id: string, actor: AuditActor): Promise<IngestTokenDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getTokenOrThrow(client, id, true));
    await repo.setRevoked(client, id);
    const after = toDto((await repo.getToken(client, id))!);
    await appendAudit(client, {
      ...actor,
      entity: 'ingest_token',
      entityId: id,
      action: 'revoke',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: 30,
    });
    return after;
  });
}

export async function deleteToken(pool: pg.Pool, id: string, actor: AuditActor): Promise<IngestTokenDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getTokenOrThrow(client, id, true));
    await repo.deleteToken(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'ingest_token',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      riskScore: 30,
    });
    return before;
  });
}

// ---- verification ----

/** Why a presented token was refused: a reason code (audit) and the 401 message. */
export type Refusal = { reason: string; detail: string };

const refusal = (reason: string, detail: string): Refusal => ({ reason, detail });

/**
 * The token row when `presented` is a valid, active token for `domain`; a refusal otherwise.
 * Unknown public id and wrong secret are the same refusal, so a caller cannot probe which
 * tokens exist; revoked, expired and other-domain are told apart only after the secret
 * matched (the caller holds the real token then).
 */
export async function verifyToken(
  db: pg.Pool,
  cache: IngestTokenCache,
  presented: string,
  domain: string,
  now = Date.now(),
): Promise<IngestTokenAuthRow | Refusal> {
  const parsed = parseIngestToken(presented);
  if (!parsed)
    return refusal(
      'malformed_ingest_token',
      'the ingest token is malformed (expected chronos_ingest_…; check that it was copied completely)',
    );
  let row = cache.get(parsed.publicId);
  if (!row) {
    const generation = cache.generation();
    row = await repo.findTokenByPublicId(db, parsed.publicId);
    if (row) cache.store(parsed.publicId, row, generation);
  }
  if (!row || !sameHash(row.token_hash, parsed.tokenHash))
    return refusal('invalid_ingest_token', 'the ingest token is not valid');
  if (row.revoked_at && row.revoked_at.getTime() <= now)
    return refusal('revoked_ingest_token', 'the ingest token has been revoked');
  if (row.expires_at && row.expires_at.getTime() <= now)
    return refusal('expired_ingest_token', 'the ingest token has expired');
  if (row.domain !== domain)
    return refusal('ingest_token_wrong_domain', `the ingest token is not valid for domain "${domain}"`);
  return row;
}

export const isRefusal = (value: IngestTokenAuthRow | Refusal): value is Refusal => 'reason' in value;

// ---- storing ----

export type Received = { received: number; ids: string[] };

// PostgreSQL refusing the JSON text itself (a number beyond numeric, nesting deeper than its
// stack allows, …): the caller's data, so a 400, never a 500.
const JSON_REFUSALS = new Set(['22P02', '22P05', '22003', '54000', '54001']);

export const INGEST_EVENT = 'ingest.received';
export const INGEST_MESSAGE = {
  type: INGEST_EVENT,
  entityKind: 'ingest_domain',
  patterns: matchingPatterns(INGEST_EVENT),
};

export async function storeRecords(
  writer: RecordWriter,
  input: { domain: string; records: RecordText[]; ip: string | null; tokenId: string },
): Promise<Received> {
  const ids = recordIds(input.records.length);
  if (ids.length === 0) return { received: 0, ids };
  // One message per request, not per record: receivers get the ids and fetch what they need.
  // The envelope is emitEvent's ({id, type, timestamp, data}); data.received_at is set when
  // the records are written, to their exact receive time.
  const messageId = randomUUID();
  const envelope = {
    id: messageId,
    type: INGEST_EVENT,
    timestamp: new Date().toISOString(),
    data: { domain: input.domain, count: ids.length, ids, received_at: null, token_id: input.tokenId },
  };
  try {
    await writer.write({ ...input, ids, messageId, envelope: JSON.stringify(envelope) });
  } catch (error) {
    const e = error as { code?: string; message?: string; constraint?: string };
    if (typeof e.code === 'string' && JSON_REFUSALS.has(e.code))
      throw badRequest(`invalid json: the database cannot store this JSON (${e.message})`, {
        body: 'cannot be stored as JSON',
      });
    // The token was deleted between its check and the write.
    if (e.code === '23503' && e.constraint === 'ingest_records_token_id_fkey')
      throw unauthorized('the ingest token has been deleted');
    throw error;
  }
  return { received: ids.length, ids };
}

// ---- reading ----

export function recordDto(row: IngestRecordRow): IngestRecordDto {
  return { ...row, size_bytes: row.size_bytes === null ? null : Number(row.size_bytes) };
}

export function domainDto(row: IngestDomainRow): IngestDomainDto {
  return {
    id: row.id,
    domain: row.domain,
    record_count: Number(row.record_count),
    first_received_at: iso(row.first_received_at),
    last_received_at: iso(row.last_received_at),
    active_tokens: Number(row.active_tokens),
  };
}

const EXPORT_PAGE_ROWS = 1000;
const EXPORT_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Writes every record of `domain` in [from, to) as JSON lines ({id, domain, received_at,
 * payload}) in (received_at, id) order, page by page (keyset pagination: each page continues
 * after the last row of the previous one, so memory stays at one page whatever the table
 * holds). Waits for the socket to drain between pages and stops when `signal` aborts (the
 * client went away). Records committed later with an earlier received_at than the page being
 * read are not included; an export up to a `to` in the past is stable.
 */
export async function exportRecords(
  pool: pg.Pool,
  out: Writable,
  options: { domain: string; from: Date | null; to: Date | null; signal: AbortSignal },
): Promise<number> {
  const domainJson = JSON.stringify(options.domain);
  let after: ExportCursor | null = null;
  let written = 0;
  while (!options.signal.aborted) {
    const rows = await repo.exportPage(pool, {
      ...options,
      after,
      maxRows: EXPORT_PAGE_ROWS,
      maxBytes: EXPORT_PAGE_BYTES,
    });
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      // payload is jsonb's own text output: valid JSON on one line, written as is.
      chunk += `{"id":"${row.id}","domain":${domainJson},"received_at":"${row.received_at}","payload":${row.payload}}\n`;
    }
    written += rows.length;
    const last = rows.at(-1)!;
    after = { receivedAt: last.received_at, id: last.id };
    if (!out.write(chunk)) await drained(out, options.signal);
  }
  return written;
}

function drained(out: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
