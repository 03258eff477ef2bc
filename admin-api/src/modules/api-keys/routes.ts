// /api/v1/api-keys: managing API keys needs the `admin` scope (a key that can mint keys can
// grant itself anything).

import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listApiKeys } from './repo.ts';
import {
  apiKeyFilters,
  apiKeySchema,
  createApiKeyBody,
  createdApiKeySchema,
  idParams,
  rotateApiKeyBody,
  updateApiKeyBody,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/api-keys';
const tag = 'api-keys';
const scope = 'admin' as const;

export function apiKeyRoutes(host: RouteHost): void {
  const { pool, apiKeyCache } = host.ctx;
  // Drops cached verifications in this replica as soon as a change commits (the others learn
  // it through NOTIFY; see verified-cache.ts).
  const changing = <T>(change: Promise<T>) => change.finally(() => apiKeyCache.evict());
  const creator = (principal: { type: string; id: string }) => (principal.type === 'user' ? principal.id : null);

  listRoute(host, {
    path: base,
    resource: 'api-keys',
    summary: 'List API keys',
    tag,
    scope,
    item: apiKeySchema,
    list: {
      filters: apiKeyFilters,
      sortable: ['name', 'created_at', 'last_used_at', 'expires_at', 'use_count'],
      defaultSort: ['created_at', 'DESC'],
    },
    handler: async (query) => {
      const { rows, total } = await listApiKeys(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get an API key (never its secret)',
    tag,
    scope,
    params: idParams,
    response: apiKeySchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create an API key; the key is in this response only',
    tag,
    scope,
    body: createApiKeyBody,
    response: createdApiKeySchema,
    handler: ({ body, res, principal }) =>
      service.createFromRequest(pool, body, auditActor(res, scope), creator(principal)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Update name, description, scopes and expiry',
    tag,
    scope,
    params: idParams,
    body: updateApiKeyBody,
    response: apiKeySchema,
    handler: ({ params, body, res }) => changing(service.update(pool, params.id, body, auditActor(res, scope))),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/rotate`,
    summary: 'Replace a key with a new one; the old one keeps working for a grace period',
    tag,
    scope,
    params: idParams,
    body: rotateApiKeyBody,
    response: createdApiKeySchema,
    handler: ({ params, body, res, principal }) =>
      changing(service.rotate(pool, params.id, body.grace_hours, auditActor(res, scope), creator(principal))),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/revoke`,
    summary: 'Revoke a key at once',
    tag,
    scope,
    params: idParams,
    response: apiKeySchema,
    handler: ({ params, res }) => changing(service.revoke(pool, params.id, auditActor(res, scope))),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a key (its audit history stays)',
    tag,
    scope,
    params: idParams,
    response: apiKeySchema,
    handler: ({ params, res }) => changing(service.remove(pool, params.id, auditActor(res, scope))),
  });
}
