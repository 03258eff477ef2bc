// Event templates: CRUD, each change audited in its own transaction (audit appended last).
// A taken name is a 409 naming `name`; an unknown calendar a 400 naming `calendar_id` — both
// read from the constraint PostgreSQL reports, so a concurrent insert or calendar delete gets
// the same answer as a sequential one. Deleting a template keeps its events (template_id
// becomes NULL through the foreign key).
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import type { EventTemplateDto, EventTemplateInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

const ENTITY = 'event_template';

/** The audited view: the content, not the usage statistics (they change without an edit). */
function auditView(dto: EventTemplateDto) {
  const { usage_count: _u, created_at: _c, updated_at: _d, id: _i, ...content } = dto;
  return content;
}

function constraintProblem(error: unknown, input: EventTemplateInput): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'event_templates_name_key')
    throw new HttpProblem(409, 'Conflict', {
      detail: `an event template named "${input.name}" already exists`,
      errors: { name: 'is already used by another event template' },
    });
  if (e.code === '23503' && e.constraint === 'event_templates_calendar_id_fkey')
    throw badRequest(`calendar_id: no calendar with id "${input.calendar_id}"`, {
      calendar_id: 'is not an existing calendar',
    });
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<EventTemplateDto> {
  const dto = await repo.getEventTemplate(db, id, forUpdate);
  if (!dto) throw notFound(`no event template with id ${id}`);
  return dto;
}

export async function create(pool: pg.Pool, input: EventTemplateInput, actor: AuditActor): Promise<EventTemplateDto> {
  return withTransaction(pool, async (client) => {
    const id = await repo.insertEventTemplate(client, input).catch((e: unknown) => constraintProblem(e, input));
    const created = await getOrThrow(client, id);
    await appendAudit(client, {
      ...actor,
      entity: ENTITY,
      entityId: id,
      action: 'create',
      newValue: auditView(created),
    });
    return created;
  });
}

export async function update(
  pool: pg.Pool,
  id: string,
  input: EventTemplateInput,
  actor: AuditActor,
): Promise<EventTemplateDto> {
  return withTransaction(pool, async (client) => {
    const before = await getOrThrow(client, id, true);
    await repo.updateEventTemplate(client, id, input).catch((e: unknown) => constraintProblem(e, input));
    const after = await getOrThrow(client, id);
    await appendAudit(client, {
      ...actor,
      entity: ENTITY,
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<EventTemplateDto> {
  return withTransaction(pool, async (client) => {
    const before = await getOrThrow(client, id, true);
    await repo.deleteEventTemplate(client, id);
    await appendAudit(client, {
      ...actor,
      entity: ENTITY,
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      // The events keep existing, without their template reference.
      details: { detached_events: before.usage_count },
    });
    return before;
  });
}
