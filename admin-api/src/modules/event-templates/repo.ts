// SQL for event templates. usage_count is the number of events whose template_id points here,
// counted per row through events_template_idx (a correlated subquery, so the list total does
// not pay for it). getEventTemplate is the one way to read a template as the API shows it;
// the events module uses it to create events from a template.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { ChecklistItem, EventTemplateDto, EventTemplateInput } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type EventTemplateRow = {
  id: string;
  name: string;
  title: string;
  description: string | null;
  calendar_id: string | null;
  event_type: string | null;
  location: string | null;
  duration_minutes: number;
  attendees: string[];
  tags: string[];
  mode: string | null;
  reminder_offsets: number[] | null;
  /** As stored: strings or {text, notes?} objects (the database accepts both). */
  checklist: unknown[];
  usage_count: number;
  created_at: Date;
  updated_at: Date;
};

const FROM = 'event_templates t';
const USAGE_COUNT = '(SELECT count(*)::int FROM events e WHERE e.template_id = t.id)';
const COLUMNS = `t.id, t.name, t.title, t.description, t.calendar_id, t.event_type, t.location, t.duration_minutes,
  t.attendees, t.tags, t.mode, t.reminder_offsets, t.checklist, ${USAGE_COUNT} AS usage_count, t.created_at, t.updated_at`;

export const SORTABLE = ['name', 'created_at', 'updated_at', 'usage_count'];

const listTable: ListTable = {
  from: FROM,
  columns: COLUMNS,
  idColumn: 't.id',
  search: ilikeSearch('t.name', 't.title'),
  filters: { calendar_id: filterSql.equals('t.calendar_id') },
  sortColumns: {
    name: 't.name',
    created_at: 't.created_at',
    updated_at: 't.updated_at',
    usage_count: USAGE_COUNT,
  },
};

/** Stored checklist items (`"text"` or `{text, notes?}`) as `{text, notes}` objects. */
export function normaliseChecklist(items: unknown[]): ChecklistItem[] {
  return items.map((item) => {
    if (typeof item === 'string') return { text: item, notes: null };
    const { text, notes } = item as { text: string; notes?: string | null };
    return { text, notes: notes ?? null };
  });
}

export function toDto(row: EventTemplateRow): EventTemplateDto {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    calendar_id: row.calendar_id,
    event_type: row.event_type,
    location: row.location,
    duration_minutes: row.duration_minutes,
    attendees: row.attendees,
    tags: row.tags,
    mode: row.mode as EventTemplateDto['mode'],
    reminder_offsets: row.reminder_offsets,
    checklist: normaliseChecklist(row.checklist),
    usage_count: row.usage_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export const listEventTemplates = async (db: Queryable, query: ListQuery) => {
  const { rows, total } = await listRows<EventTemplateRow>(db, listTable, query);
  return { rows: rows.map(toDto), total };
};

/** One event template as the API shows it, or undefined. `forUpdate` locks the template row. */
export async function getEventTemplate(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<EventTemplateDto | undefined> {
  const result = await db.query<EventTemplateRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  return result.rows[0] ? toDto(result.rows[0]) : undefined;
}

const values = (t: EventTemplateInput) => [
  t.name,
  t.title,
  t.description,
  t.calendar_id,
  t.event_type,
  t.location,
  t.duration_minutes,
  t.attendees,
  t.tags,
  t.mode,
  t.reminder_offsets,
  JSON.stringify(t.checklist),
];

export async function insertEventTemplate(db: Queryable, t: EventTemplateInput): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO event_templates (name, title, description, calendar_id, event_type, location, duration_minutes,
       attendees, tags, mode, reminder_offsets, checklist)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], $10, $11::int[], $12::jsonb) RETURNING id`,
    values(t),
  );
  return result.rows[0]!.id;
}

export async function updateEventTemplate(db: Queryable, id: string, t: EventTemplateInput): Promise<void> {
  await db.query(
    `UPDATE event_templates SET name = $2, title = $3, description = $4, calendar_id = $5, event_type = $6,
       location = $7, duration_minutes = $8, attendees = $9::text[], tags = $10::text[], mode = $11,
       reminder_offsets = $12::int[], checklist = $13::jsonb
     WHERE id = $1`,
    [id, ...values(t)],
  );
}

export async function deleteEventTemplate(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM event_templates WHERE id = $1', [id]);
}
