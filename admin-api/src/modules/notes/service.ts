// Notes: CRUD, each change audited in its transaction. createNote takes an open transaction
// client so other modules (the calendar-entry parser turning "NOTE: …" into a note) can create
// a note inside their own transaction; the routes wrap it in one of their own.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { notFound, validationProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import type { NoteRow } from './repo.ts';
import { noteBody, type NewNote, type NoteDto, type NoteInput } from './schemas.ts';
import { assertEventExists, constraintProblem } from './shared.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: NoteRow): NoteDto {
  return {
    id: row.id,
    text: row.text,
    tags: row.tags,
    source: row.source,
    source_ref: row.source_ref,
    event_id: row.event_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const auditView = ({ id: _i, created_at: _c, updated_at: _u, ...content }: NoteDto) => content;

const CONSTRAINT_FIELDS: Record<string, string> = {
  notes_text_check: 'text',
  notes_tags_valid: 'tags',
  notes_source_format: 'source',
  notes_event_id_fkey: 'event_id',
};

/** Validates (and normalises) a note as the API does; throws a 400 naming the fields. */
export function parseNote(input: NewNote): NoteInput {
  const parsed = noteBody.safeParse(input);
  if (!parsed.success) throw validationProblem(parsed.error, 'body');
  return parsed.data;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<NoteRow> {
  const row = await repo.getNote(db, id, forUpdate);
  if (!row) throw notFound(`no note with id ${id}`);
  return row;
}

/**
 * Creates a note in the caller's open transaction and audits it (entity `note`). The input is
 * validated like a POST body (tags and source may be left out; source defaults to 'api'); an
 * invalid note or an unknown event_id throws an HttpProblem 400 with field errors before
 * anything is written. Appending the audit row takes the audit chain's lock until the
 * transaction ends, so call this late in a longer transaction.
 */
export async function createNote(client: pg.ClientBase, input: NewNote, actor: AuditActor): Promise<NoteDto> {
  const note = parseNote(input);
  await assertEventExists(client, note.event_id);
  const created = toDto(
    await repo.insertNote(client, note).catch((e: unknown) => constraintProblem(e, CONSTRAINT_FIELDS)),
  );
  await appendAudit(client, {
    ...actor,
    entity: 'note',
    entityId: created.id,
    action: 'create',
    newValue: auditView(created),
  });
  return created;
}

export function create(pool: pg.Pool, input: NoteInput, actor: AuditActor): Promise<NoteDto> {
  return withTransaction(pool, (client) => createNote(client, input, actor));
}

export async function update(pool: pg.Pool, id: string, input: NoteInput, actor: AuditActor): Promise<NoteDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await assertEventExists(client, input.event_id);
    const row = await repo.updateNote(client, id, input).catch((e: unknown) => constraintProblem(e, CONSTRAINT_FIELDS));
    const after = toDto(row!);
    await appendAudit(client, {
      ...actor,
      entity: 'note',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<NoteDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteNote(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'note',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return before;
  });
}
