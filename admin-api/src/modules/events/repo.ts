// SQL for events. Time-window conditions use exactly the indexed expression
// tstzrange(start_at, end_at, '[)') (see 0005) so the GiST index serves them.
import type pg from 'pg';
import { filterSql, listRows, type ListTable, type SqlParams } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { EVENT_COLUMNS, EVENT_FROM, toEventDto, type EventRow } from './record.ts';
import type { EventDto, EventInput } from './schemas.ts';
import { named } from '../../db/named.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

/** What busy time belongs to: an attendee's address, or the calendar for events without any. */
export const busyKeys = (e: { attendees: string[]; calendar_id: string }) =>
  e.attendees.length ? e.attendees : [`calendar:${e.calendar_id}`];

/**
 * SQL (a scalar subquery) that serialises writes touching the same attendees (or calendar): a
 * transaction-scoped advisory lock per busy key in the text[] `param`, taken in one sorted
 * order so two writers cannot deadlock on them. With the lock held, "check for conflicts, then
 * insert" cannot interleave with another writer of the same people — across processes and
 * replicas, since the lock lives in PostgreSQL. The conflict check must be a later statement
 * (its snapshot is taken when it starts, so it sees what committed while this one waited).
 * Used by calendarPlanning (planner.ts), which reads the calendar in the same round trip.
 * Key space 742026010 (the other lock keys are listed in migrations/README.md).
 */
export const lockBusyKeysSql = (param: string) =>
  `(SELECT count(pg_advisory_xact_lock(742026010, h))
      FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${param}::text[]) k ORDER BY 1) s)`;

/**
 * The busy keys a proposal collides with: its attendees' and its calendar's (attendee-less
 * events occupy their calendar; see migrations/0017_event_busy.sql).
 */
const collisionKeys = (who: { attendees: string[]; calendar_id: string }) => [
  ...who.attendees,
  `calendar:${who.calendar_id}`,
];

/**
 * SQL for the ids of events that take any of `keys`' time in [from, to) (placeholders given by
 * the caller): event_busy through its B-tree, reading per key only the entries that start at
 * most the longest busy interval before the window (migrations/0024_event_busy_btree.sql).
 */
export const busyEventIds = (keys: string, from: string, to: string) =>
  `SELECT b.event_id FROM unnest(${keys}::text[]) AS k
     JOIN event_busy b ON b.busy_key = k
      AND lower(b.during) < ${to}::timestamptz
      AND lower(b.during) >= ${from}::timestamptz - (SELECT longest FROM event_busy_longest)
      AND b.during && tstzrange(${from}, ${to}, '[)')`;

export type OverlapRow = {
  id: string;
  title: string;
  calendar_id: string;
  start_at: Date;
  end_at: Date;
  attendees: string[];
  effective_mode: string;
  auto_reschedule: boolean;
};

/**
 * Events that take the same people's time in [from, to): not cancelled, not consumed (an
 * ACTION:/NOTE:/URL: entry is not a meeting), not the event itself — through event_busy, one
 * B-tree range read per key.
 */
export async function overlapping(
  db: Queryable,
  window: { from: Date; to: Date },
  who: { attendees: string[]; calendar_id: string },
  excludeId: string | null,
): Promise<OverlapRow[]> {
  const result = await db.query<OverlapRow>(
    named(
      `SELECT e.id, e.title, e.calendar_id, e.start_at, e.end_at, e.attendees,
            coalesce(e.mode, c.default_mode) AS effective_mode, c.auto_reschedule
       FROM ${EVENT_FROM}
      WHERE e.id IN (${busyEventIds('$1', '$2', '$3')})
        AND e.id IS DISTINCT FROM $4::uuid
      ORDER BY e.start_at, e.id
      LIMIT 500`,
      [collisionKeys(who), window.from, window.to, excludeId],
    ),
  );
  return result.rows;
}

/** Busy intervals of any of `attendees` in [from, to) (for slot search). */
export async function busyIntervals(
  db: Queryable,
  window: { from: Date; to: Date },
  who: { attendees: string[]; calendar_id: string },
  excludeId: string | null,
): Promise<Array<{ start: number; end: number }>> {
  const rows = await overlapping(db, window, who, excludeId);
  return rows.map((r) => ({ start: r.start_at.getTime(), end: r.end_at.getTime() }));
}

/** The writable columns of an event, in one order for INSERT and UPDATE. */
const WRITABLE = [
  'calendar_id',
  'title',
  'description',
  'start_at',
  'end_at',
  'all_day',
  'event_type',
  'location',
  'attendees',
  'tags',
  'mode',
  'status',
  'source',
  'external_id',
  'reminder_offsets',
  'metadata',
] as const;

type Writable = EventInput & { reminder_offsets: number[] };
const valuesOf = (e: Writable) => WRITABLE.map((c) => (c === 'metadata' ? JSON.stringify(e.metadata) : e[c]));

const INSERT_COLUMNS = [...WRITABLE, 'template_id'];
// Returns the event as the API shows it (a new event has no sub-tasks yet), saving the reload.
const INSERT_EVENT = `WITH e AS (
    INSERT INTO events (${INSERT_COLUMNS.join(', ')})
    VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *)
  SELECT ${EVENT_COLUMNS} FROM e JOIN calendars c ON c.id = e.calendar_id`;

export async function insertEvent(
  client: pg.ClientBase,
  e: Writable & { template_id?: string | null },
): Promise<EventDto> {
  const result = await client.query<EventRow>(named(INSERT_EVENT, [...valuesOf(e), e.template_id ?? null]));
  return toEventDto(result.rows[0]!);
}

export async function updateEvent(client: pg.ClientBase, id: string, e: Writable): Promise<void> {
  await client.query(`UPDATE events SET ${WRITABLE.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...valuesOf(e),
  ]);
}

export async function moveEvent(client: pg.ClientBase, id: string, start: Date, end: Date): Promise<void> {
  await client.query('UPDATE events SET start_at = $2, end_at = $3 WHERE id = $1', [id, start, end]);
}

export async function deleteEvent(client: pg.ClientBase, id: string): Promise<void> {
  await client.query('DELETE FROM events WHERE id = $1', [id]);
}

export async function findBySourceKey(client: pg.ClientBase, source: string, externalId: string) {
  const result = await client.query<{ id: string }>(
    'SELECT id FROM events WHERE source = $1 AND external_id = $2 FOR UPDATE',
    [source, externalId],
  );
  return result.rows[0]?.id;
}

export async function markDirective(
  client: pg.ClientBase,
  id: string,
  outcome: { consumed: boolean; parseError: string | null },
): Promise<void> {
  await client.query(
    `UPDATE events SET consumed_at = CASE WHEN $2 THEN now() ELSE consumed_at END, parse_error = $3 WHERE id = $1`,
    [id, outcome.consumed, outcome.parseError],
  );
}

// ---------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------

const eventTable: ListTable = {
  from: EVENT_FROM,
  columns: EVENT_COLUMNS,
  idColumn: 'e.id',
  search: (q, params) => `e.search_vector @@ search_query(${params.add(q)})`,
  // Calendar + window lists: ids and order from the covering events_calendar_range_idx (0023).
  keysFirst: true,
  filters: {
    // One calendar as plain equality: GiST (events_calendar_range_idx) cannot use = ANY(…).
    calendar_id: (value: never, params) => {
      const list = Array.isArray(value) ? (value as string[]) : [value as string];
      return list.length === 1
        ? `e.calendar_id = ${params.add(list[0])}`
        : `e.calendar_id = ANY(${params.add(list)}::text[])`;
    },
    tags: filterSql.arrayContains('e.tags'),
    status: filterSql.oneOf('e.status'),
    attendee: (value: never, params) => `e.attendees && ${params.add(Array.isArray(value) ? value : [value])}::text[]`,
    mode: (value: never, params) => `coalesce(e.mode, c.default_mode) = ${params.add(value)}`,
    source: filterSql.equals('e.source'),
    external_id: filterSql.equals('e.external_id'),
    template_id: filterSql.equals('e.template_id'),
  },
  sortColumns: {
    start_at: 'e.start_at',
    end_at: 'e.end_at',
    title: 'e.title',
    created_at: 'e.created_at',
    updated_at: 'e.updated_at',
    status: 'e.status',
  },
};

export const SORTABLE = Object.keys(eventTable.sortColumns);

export type EventListFilter = {
  from?: string;
  to?: string;
  anchor?: string;
  direction?: 'next' | 'previous';
};

/**
 * The list: a time window with overlap semantics (from/to), or an anchor with a direction
 * (`next`: events starting at or after the anchor, soonest first; `previous`: events that
 * started before it, latest first — the page size is N), plus the plain filters.
 */
export function listEvents(db: Queryable, query: ListQuery, window: EventListFilter) {
  const conditions: Array<(params: SqlParams) => string> = [];
  if (window.from && window.to)
    conditions.push(
      (p) => `tstzrange(e.start_at, e.end_at, '[)') && tstzrange(${p.add(window.from)}, ${p.add(window.to)}, '[)')`,
    );
  else if (window.from) conditions.push((p) => `e.end_at > ${p.add(window.from)}`);
  else if (window.to) conditions.push((p) => `e.start_at < ${p.add(window.to)}`);
  let effective = query;
  if (window.anchor) {
    const next = window.direction !== 'previous';
    conditions.push((p) => `e.start_at ${next ? '>=' : '<'} ${p.add(window.anchor)}`);
    effective = { ...query, sort: ['start_at', next ? 'ASC' : 'DESC'] };
  }
  return listRows<EventRow>(db, { ...eventTable, extraWhere: conditions }, effective);
}
