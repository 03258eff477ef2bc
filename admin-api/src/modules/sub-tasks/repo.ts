// SQL for sub-tasks. Positions are kept dense (0..n-1) by the writers here; the unique
// (event_id, position) constraint is DEFERRABLE INITIALLY DEFERRED, so a shift or a reorder
// can rewrite positions in one UPDATE and is only checked at commit. Writers that change
// positions expect the caller to hold the event row lock (service.ts takes it first), so two
// changes of one checklist never compute positions from the same stale count.
import type pg from 'pg';
import { conflict } from '../../http/problem.ts';
import { MAX_SUB_TASKS } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SubTaskRow = {
  id: string;
  event_id: string;
  position: number;
  text: string;
  notes: string | null;
  completed: boolean;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'id, event_id, position, text, notes, completed, completed_at, created_at, updated_at';

export async function listSubTasks(db: Queryable, eventId: string): Promise<SubTaskRow[]> {
  const result = await db.query<SubTaskRow>(
    `SELECT ${COLUMNS} FROM sub_tasks WHERE event_id = $1 ORDER BY position, created_at, id`,
    [eventId],
  );
  return result.rows;
}

export async function getSubTask(db: Queryable, eventId: string, id: string): Promise<SubTaskRow | undefined> {
  const result = await db.query<SubTaskRow>(`SELECT ${COLUMNS} FROM sub_tasks WHERE id = $1 AND event_id = $2`, [
    id,
    eventId,
  ]);
  return result.rows[0];
}

export async function countSubTasks(db: Queryable, eventId: string): Promise<number> {
  const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sub_tasks WHERE event_id = $1', [
    eventId,
  ]);
  return result.rows[0]!.n;
}

/** Inserts at `position` (0..count), moving the ones from there on down by one. */
export async function insertSubTask(
  db: Queryable,
  eventId: string,
  position: number,
  item: { text: string; notes: string | null; completed: boolean },
): Promise<SubTaskRow> {
  await db.query('UPDATE sub_tasks SET position = position + 1 WHERE event_id = $1 AND position >= $2', [
    eventId,
    position,
  ]);
  const result = await db.query<SubTaskRow>(
    `INSERT INTO sub_tasks (event_id, position, text, notes, completed) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [eventId, position, item.text, item.notes, item.completed],
  );
  return result.rows[0]!;
}

/** Replaces text, notes and completed (completed_at follows completed, by trigger). */
export async function updateSubTask(
  db: Queryable,
  id: string,
  item: { text: string; notes: string | null; completed: boolean },
): Promise<SubTaskRow> {
  const result = await db.query<SubTaskRow>(
    `UPDATE sub_tasks SET text = $2, notes = $3, completed = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, item.text, item.notes, item.completed],
  );
  return result.rows[0]!;
}

export async function setCompleted(db: Queryable, id: string, completed: boolean): Promise<SubTaskRow> {
  const result = await db.query<SubTaskRow>(`UPDATE sub_tasks SET completed = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    completed,
  ]);
  return result.rows[0]!;
}

/** Deletes one sub-task and closes the gap, so positions stay 0..n-1. */
export async function deleteSubTask(db: Queryable, row: SubTaskRow): Promise<void> {
  await db.query('DELETE FROM sub_tasks WHERE id = $1', [row.id]);
  await db.query('UPDATE sub_tasks SET position = position - 1 WHERE event_id = $1 AND position > $2', [
    row.event_id,
    row.position,
  ]);
}

/**
 * Sets every position from `ids` (the complete new order, already checked against the event's
 * sub-tasks) in one UPDATE; rows already in place are not touched.
 */
export async function reorderSubTasks(db: Queryable, eventId: string, ids: string[]): Promise<void> {
  await db.query(
    `UPDATE sub_tasks s SET position = (o.ord - 1)::int
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
      WHERE s.event_id = $1 AND s.id = o.id AND s.position <> o.ord - 1`,
    [eventId, ids],
  );
}

/**
 * Appends `items` to the event's checklist, in order (e.g. an event template's checklist when
 * an event is created from it), and returns the new rows by position. Writes no audit row and
 * emits nothing: that is the caller's, as part of the change it makes. If the event may
 * already have sub-tasks that others change concurrently, hold the event row lock
 * (loadEvent(client, id, true)) first. Throws a 409 problem beyond MAX_SUB_TASKS.
 */
export async function insertChecklist(
  client: pg.ClientBase,
  eventId: string,
  items: Array<{ text: string; notes?: string | null }>,
): Promise<SubTaskRow[]> {
  if (items.length === 0) return [];
  const existing = await countSubTasks(client, eventId);
  if (existing + items.length > MAX_SUB_TASKS)
    throw conflict(
      `an event has at most ${MAX_SUB_TASKS} sub-tasks (it has ${existing}, ${items.length} more were to be added)`,
    );
  const result = await client.query<SubTaskRow>(
    `INSERT INTO sub_tasks (event_id, position, text, notes)
     SELECT $1, $2 + (i.ord - 1)::int, i.text, i.notes
       FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS i(text, notes, ord)
      ORDER BY i.ord
     RETURNING ${COLUMNS}`,
    [eventId, existing, items.map((i) => i.text.trim()), items.map((i) => i.notes || null)],
  );
  return result.rows.sort((a, b) => a.position - b.position);
}
