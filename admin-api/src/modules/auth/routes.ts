// /api/auth/*: who am I, console login/logout, own sessions and own password.
import { z } from '../../openapi/zod.ts';
import { auditActor } from '../../http/principal.ts';
import { createRateLimiter } from '../../http/rate-limit-store.ts';
import { route, type RouteHost } from '../../http/route.ts';
import { getUser } from '../users/repo.ts';
import { changePassword, WRONG_CURRENT_LIMIT } from './change-password.ts';
import { login, LOGIN_LIMIT } from './login.ts';
import {
  changePasswordBody,
  changePasswordResponse,
  identity,
  loginBody,
  loginResponse,
  revokedSchema,
  sessionIdParams,
  sessionSchema,
} from './schemas.ts';
import { selfRoute } from './self-route.ts';
import * as sessions from './sessions.ts';

const tag = 'auth';

export function authRoutes(host: RouteHost): void {
  const { pool, config, logger } = host.ctx;
  const store = { redisUrl: config.redisUrl, logger };
  // Created per app (not per module) so tests and several apps in one process stay apart.
  const loginLimiter = createRateLimiter({ keyPrefix: 'login', ...LOGIN_LIMIT }, store);
  const passwordLimiter = createRateLimiter({ keyPrefix: 'change-password', ...WRONG_CURRENT_LIMIT }, store);

  // Who am I: used by the n8n credential test and by the console after login.
  route(host, {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The calling API key or console user',
    tag,
    scope: 'authenticated',
    response: identity,
    handler: async ({ principal }) => {
      if (principal.type === 'api_key')
        return { type: 'api_key' as const, id: principal.id, name: principal.name, scopes: principal.scopes };
      const user = await getUser(pool, principal.id);
      return {
        type: 'user' as const,
        id: principal.id,
        name: principal.email,
        role: principal.role,
        email: principal.email,
        display_name: user?.display_name ?? null,
        must_change_password: user?.must_change_password ?? false,
        session_id: principal.sessionId,
      };
    },
  });

  route(host, {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Console login: returns a session token valid for 24 hours',
    description:
      '401 for a wrong e-mail or password (the same answer for both), 423 while the account is locked ' +
      '(5 failed attempts lock it for 30 minutes), 429 with Retry-After after 5 attempts in 15 minutes ' +
      'for the same e-mail from the same address.',
    tag,
    scope: 'public',
    body: loginBody,
    response: loginResponse,
    handler: ({ body, req }) =>
      login(
        { pool, config, limiter: loginLimiter, logger: host.ctx.logger, background: host.ctx.background },
        {
          email: body.email,
          password: body.password,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
        },
      ),
  });

  selfRoute(host, {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End this session (its token stops working at once)',
    tag,
    response: revokedSchema,
    handler: ({ user, res }) => sessions.logout(pool, user, auditActor(res)),
  });

  selfRoute(host, {
    method: 'post',
    path: '/api/auth/logout-all',
    summary: 'End every session of the calling user, this one included',
    tag,
    response: revokedSchema,
    handler: ({ user, res }) => sessions.logoutAll(pool, user, auditActor(res)),
  });

  selfRoute(host, {
    method: 'get',
    path: '/api/auth/sessions',
    summary: "The calling user's active sessions; `current` marks this one",
    tag,
    response: z.array(sessionSchema),
    handler: ({ user }) => sessions.listOwn(pool, user),
  });

  selfRoute(host, {
    method: 'delete',
    path: '/api/auth/sessions/:id',
    summary: 'End one of your own sessions',
    tag,
    params: sessionIdParams,
    response: sessionSchema,
    handler: ({ user, params, res }) => sessions.revokeOwn(pool, user, params.id, auditActor(res)),
  });

  selfRoute(host, {
    method: 'post',
    path: '/api/auth/change-password',
    summary: 'Change your own password; your other sessions end',
    description:
      'The new password needs 12+ characters with upper- and lower-case letters, a digit and a special ' +
      'character, and must differ from your last 5. Errors are keyed by field (errors.new_password, …).',
    tag,
    body: changePasswordBody,
    response: changePasswordResponse,
    handler: ({ user, body, res }) =>
      changePassword(
        { pool, limiter: passwordLimiter },
        { userId: user.id, sessionId: user.sessionId, current: body.current_password, next: body.new_password },
        auditActor(res),
      ),
  });
}
