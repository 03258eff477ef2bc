// /api/v1/settings (scope integrations.manage). Ids are the fixed setting names; GET of the
// list shows every known setting, with defaults for those never saved. Secret values are
// write-only: responses say {"set": true|false} per secret field.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import type { SettingId } from './definitions.ts';
import { createSettingBody, idParams, settingBody, settingFilters, settingSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/settings';
const tag = 'settings';
const scope = 'integrations.manage' as const;

export function settingRoutes(host: RouteHost): void {
  const { pool, config } = host.ctx;
  const key = config.encryptionKey;

  listRoute(host, {
    path: base,
    resource: 'settings',
    summary: 'List all settings (defaults for those never saved; never secret values)',
    tag,
    scope,
    item: settingSchema,
    list: { filters: settingFilters, sortable: ['id', 'category', 'updated_at'], defaultSort: ['id', 'ASC'] },
    handler: (query) => service.list(pool, key, query),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a setting (secrets only as set / not set)',
    tag,
    scope,
    params: idParams,
    response: settingSchema,
    handler: ({ params }) => service.get(pool, key, params.id as SettingId),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Save a setting for the first time (409 when it exists)',
    tag,
    scope,
    body: createSettingBody,
    response: settingSchema,
    handler: ({ body, res }) => service.create(pool, key, body.id as SettingId, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a setting; a secret omitted or null is kept, "" clears it',
    tag,
    scope,
    params: idParams,
    body: settingBody,
    response: settingSchema,
    handler: ({ params, body, res }) => service.update(pool, key, params.id as SettingId, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Reset a setting to its defaults (stored values and secrets are deleted)',
    tag,
    scope,
    params: idParams,
    response: settingSchema,
    handler: ({ params, res }) => service.reset(pool, key, params.id as SettingId, auditActor(res, scope)),
  });
}
