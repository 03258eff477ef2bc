// /api/v1/users: console users. Everything needs the `admin` scope; a viewer account can
// read (route.ts lets viewers GET) but not change anything.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listUsers } from './repo.ts';
import { createUserBody, idParams, updateUserBody, userFilters, userSchema } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/users';
const tag = 'users';
const scope = 'admin' as const;

export function userRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'users',
    summary: 'List console users',
    tag,
    scope,
    item: userSchema,
    list: {
      filters: userFilters,
      sortable: ['email', 'display_name', 'role', 'created_at', 'last_login_at'],
      defaultSort: ['email', 'ASC'],
    },
    handler: async (query) => {
      const { rows, total } = await listUsers(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a console user',
    tag,
    scope,
    params: idParams,
    response: userSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a console user (the password must meet the password rule)',
    tag,
    scope,
    body: createUserBody,
    response: userSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Update e-mail, display name and role (passwords change through /api/auth/change-password)',
    tag,
    scope,
    params: idParams,
    body: updateUserBody,
    response: userSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a user (not yourself, not the last admin); its sessions end with it',
    tag,
    scope,
    params: idParams,
    response: userSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/unlock`,
    summary: 'Lift a lockout after failed logins',
    tag,
    scope,
    params: idParams,
    response: userSchema,
    handler: ({ params, res }) => service.unlock(pool, params.id, auditActor(res, scope)),
  });
}
