// Event links: create and delete (links are immutable), each audited in its transaction; no
// outbox message. Refusals: a self-link or an unknown target is a 400 on target_event_id, a
// duplicate (same source, target and type) a 409, and a depends_on that would close a cycle
// a 409 whose problem carries the cycle (`cycle`: [{id, title}, …] from this event back to
// it; errors.target_event_id spells it out).
//
// Cycle check vs. concurrency: "A depends_on B" and "B depends_on A" inserted at the same
// time would each pass a check that cannot see the other's uncommitted row. So every
// depends_on insert first takes DEPENDS_ON_LOCK, an advisory lock held until the
// transaction ends, and checks after it: the second one then sees the first one's commit.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import type { LinkRow } from './repo.ts';
import type { LinkDto, LinkInput } from './schemas.ts';

/**
 * pg_advisory_xact_lock key serialising changes of the depends_on graph. The app's fixed keys:
 * 7420260001 migration runs (db/migrations.ts), 7420260002 audit chain (audit_append),
 * 7420260003 the set of admins (users/service.ts), 7420260004 this one.
 */
export const DEPENDS_ON_LOCK = 7420260004;

/** The cycle check refuses (409) rather than decide on a partial view beyond this many edges. */
const MAX_CHECKED_EDGES = 100_000;

type Db = pg.Pool | pg.ClientBase;

export function toDto(row: LinkRow): LinkDto {
  return {
    id: row.id,
    link_type: row.link_type as LinkDto['link_type'],
    source_event_id: row.source_event_id,
    target_event_id: row.target_event_id,
    direction: row.direction,
    other: {
      id: row.other_id,
      title: row.other_title,
      start_at: row.other_start_at.toISOString(),
      end_at: row.other_end_at.toISOString(),
      status: row.other_status as LinkDto['other']['status'],
    },
    created_at: row.created_at.toISOString(),
  };
}

const auditView = (row: LinkRow) => ({
  source_event_id: row.source_event_id,
  target_event_id: row.target_event_id,
  link_type: row.link_type,
});

const targetProblem = (message: string) => badRequest(`target_event_id: ${message}`, { target_event_id: message });

async function eventOrThrow(db: Db, eventId: string): Promise<repo.EventSummary> {
  const event = await repo.findEvent(db, eventId);
  if (!event) throw notFound(`no event with id ${eventId}`);
  return event;
}

export async function list(pool: pg.Pool, eventId: string): Promise<LinkDto[]> {
  await eventOrThrow(pool, eventId);
  return (await repo.listLinks(pool, eventId)).map(toDto);
}

/**
 * The shortest depends_on path from `from` to `to` over the current links, or undefined.
 * One recursive query gathers the edges reachable from `from` (see repo.dependencyEdgesFrom);
 * a breadth-first search over them finds the path.
 */
async function dependencyPath(db: Db, from: string, to: string): Promise<string[] | undefined> {
  const edges = await repo.dependencyEdgesFrom(db, from, MAX_CHECKED_EDGES);
  if (edges.length >= MAX_CHECKED_EDGES)
    throw new HttpProblem(409, 'Conflict', {
      detail: `the dependency graph behind this event is too large to check for cycles (over ${MAX_CHECKED_EDGES} links)`,
    });
  const next = new Map<string, string[]>();
  for (const { source, target } of edges) next.set(source, [...(next.get(source) ?? []), target]);
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    if (at === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(parent.get(path[0]!)!);
      return path;
    }
    for (const n of next.get(at) ?? []) {
      if (parent.has(n)) continue;
      parent.set(n, at);
      queue.push(n);
    }
  }
  return undefined;
}

/** Refuses source depends_on target when target already depends (transitively) on source. */
async function refuseCycle(client: pg.ClientBase, source: string, target: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [DEPENDS_ON_LOCK]);
  const back = await dependencyPath(client, target, source);
  if (!back) return;
  const ids = [source, ...back];
  const titles = await repo.eventTitles(client, ids);
  const cycle = ids.map((id) => ({ id, title: titles.get(id) ?? null }));
  const spelled = cycle.map((e) => `"${e.title ?? e.id}"`).join(' → ');
  throw new HttpProblem(409, 'Conflict', {
    detail: `this depends_on link would close a dependency cycle: ${spelled}`,
    errors: { target_event_id: `would close a dependency cycle: ${spelled}` },
    extensions: { cycle },
  });
}

function insertFailed(error: unknown, input: LinkInput): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'event_links_unique')
    throw new HttpProblem(409, 'Conflict', {
      detail: `this event already has a ${input.link_type} link to event ${input.target_event_id}`,
      errors: { target_event_id: `is already linked with ${input.link_type}` },
    });
  // The target (or this event) was deleted between the check and the insert.
  if (e.code === '23503' && e.constraint === 'event_links_target_event_id_fkey')
    throw targetProblem('no event with this id');
  if (e.code === '23503') throw notFound('the event was deleted');
  throw error;
}

export async function create(pool: pg.Pool, eventId: string, input: LinkInput, actor: AuditActor): Promise<LinkDto> {
  return withTransaction(pool, async (client) => {
    await eventOrThrow(client, eventId);
    const target = input.target_event_id;
    if (target === eventId) throw targetProblem('cannot link an event to itself');
    if (!(await repo.findEvent(client, target))) throw targetProblem('no event with this id');
    if (input.link_type === 'depends_on') await refuseCycle(client, eventId, target);
    const id = await repo
      .insertLink(client, { source: eventId, target, type: input.link_type })
      .catch((e: unknown) => insertFailed(e, input));
    const created = (await repo.getLink(client, eventId, id))!;
    await appendAudit(client, {
      ...actor,
      entity: 'event_link',
      entityId: id,
      action: 'create',
      newValue: auditView(created),
    });
    return toDto(created);
  });
}

/** Deletes a link that starts or ends at `eventId`, answering it as it was. */
export async function remove(pool: pg.Pool, eventId: string, id: string, actor: AuditActor): Promise<LinkDto> {
  return withTransaction(pool, async (client) => {
    await eventOrThrow(client, eventId);
    const before = await repo.getLink(client, eventId, id, true);
    if (!before) throw notFound(`event ${eventId} has no link with id ${id}`);
    await repo.deleteLink(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'event_link',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return toDto(before);
  });
}
