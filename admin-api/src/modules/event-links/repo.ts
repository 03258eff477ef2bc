// SQL for event links. Rows are read from one event's point of view: `direction` says which
// end that event is, `other_*` describe the event at the other end.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type LinkRow = {
  id: string;
  link_type: string;
  source_event_id: string;
  target_event_id: string;
  direction: 'outgoing' | 'incoming';
  other_id: string;
  other_title: string;
  other_start_at: Date;
  other_end_at: Date;
  other_status: string;
  created_at: Date;
};

export type EventSummary = { id: string; title: string };

const SELECT = `SELECT l.id, l.link_type, l.source_event_id, l.target_event_id, l.created_at,
    CASE WHEN l.source_event_id = $1 THEN 'outgoing' ELSE 'incoming' END AS direction,
    o.id AS other_id, o.title AS other_title, o.start_at AS other_start_at, o.end_at AS other_end_at,
    o.status AS other_status
  FROM event_links l
  JOIN events o ON o.id = CASE WHEN l.source_event_id = $1 THEN l.target_event_id ELSE l.source_event_id END`;

/** Both directions: links from `eventId` and links to it, oldest first. */
export async function listLinks(db: Queryable, eventId: string): Promise<LinkRow[]> {
  const result = await db.query<LinkRow>(
    `${SELECT} WHERE l.source_event_id = $1 OR l.target_event_id = $1 ORDER BY l.created_at, l.id`,
    [eventId],
  );
  return result.rows;
}

/** One link that starts or ends at `eventId`; `forUpdate` locks the link row. */
export async function getLink(
  db: Queryable,
  eventId: string,
  id: string,
  forUpdate = false,
): Promise<LinkRow | undefined> {
  const result = await db.query<LinkRow>(
    `${SELECT} WHERE l.id = $2 AND (l.source_event_id = $1 OR l.target_event_id = $1)${forUpdate ? ' FOR UPDATE OF l' : ''}`,
    [eventId, id],
  );
  return result.rows[0];
}

export async function findEvent(db: Queryable, id: string): Promise<EventSummary | undefined> {
  const result = await db.query<EventSummary>('SELECT id, title FROM events WHERE id = $1', [id]);
  return result.rows[0];
}

export async function eventTitles(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const result = await db.query<EventSummary>('SELECT id, title FROM events WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(result.rows.map((r) => [r.id, r.title]));
}

export async function insertLink(
  db: Queryable,
  link: { source: string; target: string; type: string },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO event_links (source_event_id, target_event_id, link_type) VALUES ($1, $2, $3) RETURNING id',
    [link.source, link.target, link.type],
  );
  return result.rows[0]!.id;
}

export async function deleteLink(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM event_links WHERE id = $1', [id]);
}

/**
 * The depends_on edges reachable from `start` (every edge leaving an event that `start`
 * depends on, directly or through others), at most `limit` of them. The recursive part uses
 * UNION over the event id alone, so each event is visited once: the walk ends on any graph —
 * including one that already holds a cycle — and costs O(events + edges) reached, where a
 * walk over paths (UNION ALL with a path array / CYCLE clause) can take exponentially many
 * rows on a DAG of diamonds.
 */
export async function dependencyEdgesFrom(
  db: Queryable,
  start: string,
  limit: number,
): Promise<Array<{ source: string; target: string }>> {
  const result = await db.query<{ source: string; target: string }>(
    `WITH RECURSIVE reached(id) AS (
       SELECT $1::uuid
       UNION
       SELECT l.target_event_id
         FROM reached r
         JOIN event_links l ON l.source_event_id = r.id AND l.link_type = 'depends_on'
     )
     SELECT l.source_event_id AS source, l.target_event_id AS target
       FROM reached r
       JOIN event_links l ON l.source_event_id = r.id AND l.link_type = 'depends_on'
      LIMIT $2`,
    [start, limit],
  );
  return result.rows;
}
