// SQL for templates and their usage. The usage count comes from the template_usage_stats view
// so "most used" is one ORDER BY over the same list query.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { TemplateInput } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type TemplateRow = {
  id: string;
  name: string;
  type: string;
  category: string | null;
  description: string | null;
  subject: string | null;
  body_html: string | null;
  body_text: string | null;
  payload: unknown;
  variables: Record<string, { description?: string; required?: boolean; sample?: unknown }>;
  usage_count: string;
  last_used_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const FROM = 'templates t LEFT JOIN template_usage_stats s ON s.template_id = t.id';
const COLUMNS = `t.id, t.name, t.type, t.category, t.description, t.subject, t.body_html, t.body_text, t.payload,
  t.variables, coalesce(s.use_count, 0) AS usage_count, s.last_used_at, t.created_at, t.updated_at`;

export const SORTABLE = ['name', 'type', 'category', 'created_at', 'updated_at', 'usage_count', 'last_used_at'];

const listTable: ListTable = {
  from: FROM,
  columns: COLUMNS,
  idColumn: 't.id',
  search: ilikeSearch('t.name', 't.description', 't.subject'),
  filters: { type: filterSql.equals('t.type'), category: filterSql.equals('t.category') },
  sortColumns: {
    name: 't.name',
    type: 't.type',
    category: 't.category',
    created_at: 't.created_at',
    updated_at: 't.updated_at',
    usage_count: 'coalesce(s.use_count, 0)',
    last_used_at: 's.last_used_at',
  },
};

export const listTemplates = (db: Queryable, query: ListQuery) => listRows<TemplateRow>(db, listTable, query);

export async function getTemplate(db: Queryable, id: string, forUpdate = false): Promise<TemplateRow | undefined> {
  // FOR UPDATE cannot lock the nullable side of an outer join: lock the template row only.
  const lock = forUpdate ? ' FOR UPDATE OF t' : '';
  const result = await db.query<TemplateRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1${lock}`, [id]);
  return result.rows[0];
}

export async function mostUsed(db: Queryable, limit: number): Promise<TemplateRow[]> {
  const result = await db.query<TemplateRow>(
    `SELECT ${COLUMNS} FROM ${FROM} ORDER BY coalesce(s.use_count, 0) DESC, s.last_used_at DESC NULLS LAST, t.name LIMIT $1`,
    [limit],
  );
  return result.rows;
}

const values = (t: TemplateInput) => [
  t.name,
  t.type,
  t.category,
  t.description,
  t.subject,
  t.body_html,
  t.body_text,
  t.payload === null ? null : JSON.stringify(t.payload),
  JSON.stringify(t.variables),
];

export async function insertTemplate(db: Queryable, t: TemplateInput): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO templates (name, type, category, description, subject, body_html, body_text, payload, variables)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb) RETURNING id`,
    values(t),
  );
  return result.rows[0]!.id;
}

export async function updateTemplate(db: Queryable, id: string, t: TemplateInput): Promise<void> {
  await db.query(
    `UPDATE templates SET name = $2, type = $3, category = $4, description = $5, subject = $6, body_html = $7,
       body_text = $8, payload = $9::jsonb, variables = $10::jsonb WHERE id = $1`,
    [id, ...values(t)],
  );
}

export async function deleteTemplate(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM templates WHERE id = $1', [id]);
}

export async function recordUsage(
  db: Queryable,
  usage: { templateId: string; usedBy: string | null; context: string; details?: unknown },
): Promise<void> {
  await db.query(
    `INSERT INTO template_usages (template_id, used_by, context, details) VALUES ($1, $2, $3, $4::jsonb)`,
    [usage.templateId, usage.usedBy, usage.context, usage.details === undefined ? null : JSON.stringify(usage.details)],
  );
}
