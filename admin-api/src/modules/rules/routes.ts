// /api/v1/rules (scope whitelists.manage: a rule creates commands, so it is governed like the
// whitelist it draws on).
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listRules, SORTABLE } from './repo.ts';
import { idParams, ruleBody, ruleFilters, ruleSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/rules';
const tag = 'rules';
const scope = 'whitelists.manage' as const;

export function ruleRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'rules',
    summary: 'List rules',
    tag,
    scope,
    item: ruleSchema,
    list: { filters: ruleFilters, sortable: SORTABLE, defaultSort: ['name', 'ASC'] },
    handler: async (query) => {
      const { rows, total } = await listRules(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a rule',
    tag,
    scope,
    params: idParams,
    response: ruleSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a rule (checked against the whitelists)',
    tag,
    scope,
    body: ruleBody,
    response: ruleSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a rule (checked against the whitelists)',
    tag,
    scope,
    params: idParams,
    body: ruleBody,
    response: ruleSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a rule',
    tag,
    scope,
    params: idParams,
    response: ruleSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, scope)),
  });
}
