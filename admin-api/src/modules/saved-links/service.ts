// Saved links: CRUD, each change audited in its transaction. createSavedLink takes an open
// transaction client so other modules (the calendar-entry parser turning "URL: …" into a link)
// can create a link inside their own transaction; the routes wrap it in one of their own.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { notFound, validationProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { assertEventExists, constraintProblem } from '../notes/shared.ts';
import * as repo from './repo.ts';
import type { SavedLinkRow } from './repo.ts';
import { savedLinkBody, type NewSavedLink, type SavedLinkDto, type SavedLinkInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: SavedLinkRow): SavedLinkDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    tags: row.tags,
    source: row.source,
    source_ref: row.source_ref,
    event_id: row.event_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const auditView = ({ id: _i, created_at: _c, updated_at: _u, ...content }: SavedLinkDto) => content;

const CONSTRAINT_FIELDS: Record<string, string> = {
  saved_links_url_format: 'url',
  saved_links_description_length: 'description',
  saved_links_tags_valid: 'tags',
  saved_links_source_format: 'source',
  saved_links_event_id_fkey: 'event_id',
};

/** Validates (and normalises) a link as the API does; throws a 400 naming the fields. */
export function parseSavedLink(input: NewSavedLink): SavedLinkInput {
  const parsed = savedLinkBody.safeParse(input);
  if (!parsed.success) throw validationProblem(parsed.error, 'body');
  return parsed.data;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<SavedLinkRow> {
  const row = await repo.getSavedLink(db, id, forUpdate);
  if (!row) throw notFound(`no saved link with id ${id}`);
  return row;
}

/**
 * Creates a saved link in the caller's open transaction and audits it (entity `saved_link`).
 * The input is validated like a POST body (description, tags and source may be left out;
 * source defaults to 'api'); an invalid link or an unknown event_id throws an HttpProblem 400
 * with field errors before anything is written. Appending the audit row takes the audit
 * chain's lock until the transaction ends, so call this late in a longer transaction.
 */
export async function createSavedLink(
  client: pg.ClientBase,
  input: NewSavedLink,
  actor: AuditActor,
): Promise<SavedLinkDto> {
  const link = parseSavedLink(input);
  await assertEventExists(client, link.event_id);
  const row = await repo.insertSavedLink(client, link).catch((e: unknown) => constraintProblem(e, CONSTRAINT_FIELDS));
  const created = toDto(row);
  await appendAudit(client, {
    ...actor,
    entity: 'saved_link',
    entityId: created.id,
    action: 'create',
    newValue: auditView(created),
  });
  return created;
}

export function create(pool: pg.Pool, input: SavedLinkInput, actor: AuditActor): Promise<SavedLinkDto> {
  return withTransaction(pool, (client) => createSavedLink(client, input, actor));
}

export async function update(
  pool: pg.Pool,
  id: string,
  input: SavedLinkInput,
  actor: AuditActor,
): Promise<SavedLinkDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await assertEventExists(client, input.event_id);
    const row = await repo
      .updateSavedLink(client, id, input)
      .catch((e: unknown) => constraintProblem(e, CONSTRAINT_FIELDS));
    const after = toDto(row!);
    await appendAudit(client, {
      ...actor,
      entity: 'saved_link',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<SavedLinkDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteSavedLink(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'saved_link',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return before;
  });
}
