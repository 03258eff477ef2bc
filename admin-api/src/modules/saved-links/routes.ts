// /api/v1/saved-links: reading needs events.read, changing events.write.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listSavedLinks, SORTABLE } from './repo.ts';
import { idParams, savedLinkBody, savedLinkFilters, savedLinkSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/saved-links';
const tag = 'saved-links';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function savedLinkRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'saved-links',
    summary: 'List saved links (q: full text over description and URL in English and German, or any part of them)',
    tag,
    scope: read,
    item: savedLinkSchema,
    list: { filters: savedLinkFilters, sortable: SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await listSavedLinks(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a saved link',
    tag,
    scope: read,
    params: idParams,
    response: savedLinkSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a saved link',
    tag,
    scope: write,
    body: savedLinkBody,
    response: savedLinkSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a saved link (read-only fields are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: savedLinkBody,
    response: savedLinkSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a saved link',
    tag,
    scope: write,
    params: idParams,
    response: savedLinkSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, write)),
  });
}
