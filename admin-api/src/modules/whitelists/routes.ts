// /api/v1/whitelists (scope whitelists.manage). The fixed paths (check, export, import) are
// declared before `/:id` so Express does not read them as ids.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import { listWhitelists, SORTABLE } from './repo.ts';
import {
  checkBody,
  checkResultSchema,
  exportQuery,
  idParams,
  importBody,
  importResultSchema,
  whitelistBody,
  whitelistFilters,
  whitelistSchema,
} from './schemas.ts';
import * as service from './service.ts';
import { exportWhitelists, importWhitelists } from './transfer.ts';

const base = '/api/v1/whitelists';
const tag = 'whitelists';
const scope = 'whitelists.manage' as const;

export function whitelistRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'whitelists',
    summary: 'List whitelist entries',
    tag,
    scope,
    item: whitelistSchema,
    list: { filters: whitelistFilters, sortable: SORTABLE, defaultSort: ['system', 'ASC'] },
    handler: async (query) => {
      const { rows, total } = await listWhitelists(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/check`,
    summary: 'Would this command be allowed? (200 either way)',
    tag,
    scope,
    body: checkBody,
    response: checkResultSchema,
    handler: ({ body }) => service.check(pool, body.system, body.action, body.params),
  });

  route(host, {
    method: 'get',
    path: `${base}/export`,
    summary: 'Export every entry as YAML or JSON (stable order)',
    tag,
    scope,
    query: exportQuery,
    response: z.string(),
    handler: async ({ query, res }) => {
      const text = await exportWhitelists(pool, query.format);
      res
        .type(query.format === 'json' ? 'application/json' : 'application/yaml')
        .setHeader('Content-Disposition', `attachment; filename="whitelists.${query.format}"`)
        .send(text);
      return undefined;
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/import`,
    summary: 'Import entries (merge or replace), all or nothing',
    tag,
    scope,
    body: importBody,
    response: importResultSchema,
    handler: ({ body, res }) => importWhitelists(pool, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a whitelist entry',
    tag,
    scope,
    params: idParams,
    response: whitelistSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Whitelist a system/action with its parameter types',
    tag,
    scope,
    body: whitelistBody,
    response: whitelistSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a whitelist entry',
    tag,
    scope,
    params: idParams,
    body: whitelistBody,
    response: whitelistSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a whitelist entry',
    tag,
    scope,
    params: idParams,
    response: whitelistSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, scope)),
  });
}
