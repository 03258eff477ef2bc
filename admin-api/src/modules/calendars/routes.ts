// /api/v1/calendars: reading needs events.read, changing events.write (calendars belong to
// the events domain).
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listCalendars, SORTABLE } from './repo.ts';
import { calendarBody, calendarFilters, calendarSchema, createCalendarBody, idParams } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/calendars';
const tag = 'calendars';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function calendarRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'calendars',
    summary: 'List calendars (q searches name, description and id)',
    tag,
    scope: read,
    item: calendarSchema,
    list: { filters: calendarFilters, sortable: SORTABLE, defaultSort: ['name', 'ASC'] },
    handler: async (query) => {
      const { rows, total } = await listCalendars(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a calendar',
    tag,
    scope: read,
    params: idParams,
    response: calendarSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a calendar (the id is a slug of your choice and cannot change later)',
    tag,
    scope: write,
    body: createCalendarBody,
    response: calendarSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a calendar (read-only fields, the id included, are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: calendarBody,
    response: calendarSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a calendar (409 while it holds events, and always for the default calendar)',
    tag,
    scope: write,
    params: idParams,
    response: calendarSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, write)),
  });
}
