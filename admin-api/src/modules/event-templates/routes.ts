// /api/v1/event-templates: reading needs events.read, changing events.write (templates are
// part of the events domain, not of the message templates under /api/v1/templates).
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listEventTemplates, SORTABLE } from './repo.ts';
import { eventTemplateBody, eventTemplateFilters, eventTemplateSchema, idParams } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/event-templates';
const tag = 'event-templates';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function eventTemplateRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'event-templates',
    summary: 'List event templates (sort by usage_count for the most used)',
    tag,
    scope: read,
    item: eventTemplateSchema,
    list: { filters: eventTemplateFilters, sortable: SORTABLE, defaultSort: ['name', 'ASC'] },
    handler: (query) => listEventTemplates(pool, query),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get an event template',
    tag,
    scope: read,
    params: idParams,
    response: eventTemplateSchema,
    handler: ({ params }) => service.getOrThrow(pool, params.id),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create an event template',
    description:
      'Attendees are lower-cased and deduplicated, tags deduplicated, reminder offsets sorted; checklist items may be given as plain text and are returned as {text, notes}.',
    tag,
    scope: write,
    body: eventTemplateBody,
    response: eventTemplateSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace an event template (read-only fields are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: eventTemplateBody,
    response: eventTemplateSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete an event template (events created from it are kept, without the reference)',
    tag,
    scope: write,
    params: idParams,
    response: eventTemplateSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, write)),
  });
}
