// /api/v1/events/{eventId}/links: directed links between events, listed in both directions.
// Reading needs events.read, changing events.write. Every route answers 404 when the event
// does not exist.
import { auditActor } from '../../http/principal.ts';
import { route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import { eventParams, linkBody, linkParams, linkSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/events/:eventId/links';
const tag = 'event-links';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function eventLinkRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  route(host, {
    method: 'get',
    path: base,
    summary: "An event's links, both directions (outgoing: it is the source; incoming: the target)",
    tag,
    scope: read,
    params: eventParams,
    response: z.array(linkSchema),
    handler: ({ params }) => service.list(pool, params.eventId),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Link this event (source) to another (target)',
    description:
      'A self-link or an unknown target is a 400 on target_event_id; the same (target, type) twice a 409. A depends_on that would close a cycle is a 409 whose `cycle` lists the events [{id, title}, …] from this event back to it.',
    tag,
    scope: write,
    params: eventParams,
    body: linkBody,
    response: linkSchema,
    handler: ({ params, body, res }) => service.create(pool, params.eventId, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a link of this event (either direction); answers the link as it was',
    tag,
    scope: write,
    params: linkParams,
    response: linkSchema,
    handler: ({ params, res }) => service.remove(pool, params.eventId, params.id, auditActor(res, write)),
  });
}
