// /api/v1/notes: reading needs events.read, changing events.write.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listNotes, SORTABLE } from './repo.ts';
import { idParams, noteBody, noteFilters, noteSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/notes';
const tag = 'notes';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function noteRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'notes',
    summary: 'List notes (q: full text in English and German, or any part of the text)',
    tag,
    scope: read,
    item: noteSchema,
    list: { filters: noteFilters, sortable: SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await listNotes(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a note',
    tag,
    scope: read,
    params: idParams,
    response: noteSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a note',
    tag,
    scope: write,
    body: noteBody,
    response: noteSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a note (read-only fields are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: noteBody,
    response: noteSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a note',
    tag,
    scope: write,
    params: idParams,
    response: noteSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, write)),
  });
}
