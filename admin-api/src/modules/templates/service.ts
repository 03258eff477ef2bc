// Templates: CRUD (each change audited in its transaction), rendering and usage recording.
// Rendering with missing variables: strict (the default) answers 422 with the missing list,
// so a preview never shows a silently blank placeholder; strict:false renders anyway and
// lists them in `missing`, for editors who want to see the rest of the output.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { renderJson, renderText, sampleVariables } from './render.ts';
import * as repo from './repo.ts';
import type { TemplateRow } from './repo.ts';
import type { Preview, Rendered, TemplateDto, TemplateInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: TemplateRow): TemplateDto {
  return {
    id: row.id,
    name: row.name,
    type: row.type as TemplateDto['type'],
    category: row.category as TemplateDto['category'],
    description: row.description,
    subject: row.subject,
    body_html: row.body_html,
    body_text: row.body_text,
    payload: (row.payload ?? null) as TemplateDto['payload'],
    variables: row.variables,
    usage_count: Number(row.usage_count),
    last_used_at: row.last_used_at ? row.last_used_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view: the content, not the usage statistics (they change without an edit). */
function auditView(dto: TemplateDto) {
  const { usage_count: _u, last_used_at: _l, created_at: _c, updated_at: _d, id: _i, ...content } = dto;
  return content;
}

function nameTaken(error: unknown, name: string): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'templates_name_key')
    throw new HttpProblem(409, 'Conflict', {
      detail: `a template named "${name}" already exists`,
      errors: { name: 'is already used by another template' },
    });
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<TemplateRow> {
  const row = await repo.getTemplate(db, id, forUpdate);
  if (!row) throw notFound(`no template with id ${id}`);
  return row;
}

export async function create(pool: pg.Pool, input: TemplateInput, actor: AuditActor): Promise<TemplateDto> {
  return withTransaction(pool, async (client) => {
    const id = await repo.insertTemplate(client, input).catch((e: unknown) => nameTaken(e, input.name));
    const created = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'template',
      entityId: id,
      action: 'create',
      newValue: auditView(created),
    });
    return created;
  });
}

export async function update(pool: pg.Pool, id: string, input: TemplateInput, actor: AuditActor): Promise<TemplateDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.updateTemplate(client, id, input).catch((e: unknown) => nameTaken(e, input.name));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'template',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<TemplateDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteTemplate(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'template',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return before;
  });
}

type Renderable = Pick<TemplateRow, 'type' | 'subject' | 'body_html' | 'body_text' | 'payload'>;

/** Renders a template (saved or not); pure. */
export function renderTemplate(row: Renderable, variables: Record<string, unknown>): Preview {
  const missing = new Set<string>();
  const text = (source: string | null, html: boolean) => {
    if (source === null) return null;
    const result = renderText(source, variables, { html });
    result.missing.forEach((m) => missing.add(m));
    return result.output;
  };
  const subject = text(row.subject, false);
  const body_html = text(row.body_html, true);
  const body_text = text(row.body_text, false);
  let payload: unknown = null;
  if (row.payload !== null && row.payload !== undefined) {
    const result = renderJson(row.payload, variables);
    result.missing.forEach((m) => missing.add(m));
    payload = result.output;
  }
  return {
    type: row.type as Rendered['type'],
    subject,
    body_html,
    body_text,
    payload,
    missing: [...missing],
  };
}

/**
 * Renders template `id` with `variables` (its declared samples when undefined) and records
 * the use. Strict rendering refuses missing variables with a 422 and records nothing.
 */
export async function render(
  pool: pg.Pool,
  id: string,
  options: { variables?: Record<string, unknown>; strict: boolean; usedBy: string | null; context?: string },
): Promise<Rendered> {
  const row = await getOrThrow(pool, id);
  const variables = options.variables ?? sampleVariables(row.variables);
  const rendered: Rendered = { template_id: row.id, ...renderTemplate(row, variables) };
  if (options.strict && rendered.missing.length > 0) {
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: `missing variables: ${rendered.missing.join(', ')}`,
      errors: Object.fromEntries(rendered.missing.map((m) => [`variables.${m}`, 'is missing'])),
      extensions: { missing: rendered.missing },
    });
  }
  await repo.recordUsage(pool, {
    templateId: id,
    usedBy: options.usedBy,
    context: options.context ?? 'preview',
    details: rendered.missing.length ? { missing: rendered.missing } : undefined,
  });
  return rendered;
}

/**
 * Renders a template that need not be saved (the console's live preview while editing): the
 * body is validated like a save, nothing is stored or counted. Missing variables are listed.
 */
export function preview(template: TemplateInput, variables: Record<string, unknown> | undefined): Preview {
  return renderTemplate(template, variables ?? sampleVariables(template.variables));
}
