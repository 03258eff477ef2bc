// One way to declare an endpoint: method, path, the access it needs, zod schemas for params,
// query and body, the response schema, and a handler. The same declaration
//   - applies the rate limits (per IP before authentication, per API key right after it),
//   - authenticates the caller and checks the scope (403 names the missing scope, and the
//     denial is audited),
//   - validates input (400 problem+json with field-keyed errors; handlers get typed, parsed
//     values — Express 5's req.query is read-only, so nothing is written back to req),
//   - sends the handler's result as JSON (200 unless stated),
//   - and registers the route in the OpenAPI document.
// List endpoints use `listRoute`, which adds the ra-data-simple-rest list contract.
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import type { ZodType } from 'zod';
import { z } from '../openapi/zod.ts';
import type { AppContext } from '../context.ts';
import { withTransaction } from '../db/pool.ts';
import { appendAudit } from '../modules/audit/repo.ts';
import type { Scope } from '../modules/api-keys/scopes.ts';
import { requestPrincipal } from './authenticate.ts';
import { limitAuthenticated, limitPublic } from './rate-limit.ts';
import { contentRange, parseListQuery, type ListQuery, type ListSpec } from './list-query.ts';
import { auditActor, isAllowed, principalOf, type Access, type Principal } from './principal.ts';
import { forbidden, validationProblem } from './problem.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type HandlerInput<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: Request;
  res: Response;
};

export type RouteSpec<P, Q, B, R> = {
  method: Method;
  /** Express path, e.g. `/api/v1/templates/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** The scope the route needs; `authenticated` for any caller; `session` for a console
   *  user's own account (see principal.ts); `public` skips authentication. */
  scope: Scope | 'authenticated' | 'session' | 'public';
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  response: ZodType<R>;
  status?: number;
  description?: string;
  /** A POST that changes nothing (a preview with a body): console viewers may call it too. */
  readOnly?: boolean;
  handler: (input: HandlerInput<P, Q, B>) => Promise<R | undefined> | R | undefined;
};

export type RouteHost = { router: Router; registry: OpenAPIRegistry; ctx: AppContext };

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');
const problemResponse = {
  description: 'problem+json error',
  content: { 'application/problem+json': { schema: { type: 'object' as const } } },
};

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: 'params' | 'query' | 'body'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

function forbiddenFor(principal: Principal, access: Access) {
  if (access.scope === 'session') {
    return forbidden('this endpoint is for console sessions (log in first); API keys cannot use it');
  }
  if (access.scope === 'authenticated')
    return forbidden('a viewer account cannot change data (needs an admin account)');
  if (principal.type === 'user') return forbidden(`a viewer account cannot change data (needs scope ${access.scope})`);
  return forbidden(`this API key lacks the ${access.scope} scope`, { missingScope: access.scope });
}

async function auditDenial(host: RouteHost, res: Response, scope: string, method: string, path: string): Promise<void> {
  await withTransaction(host.ctx.pool, (client) =>
    appendAudit(client, {
      ...auditActor(res, scope),
      entity: 'access',
      entityId: null,
      action: 'access_denied',
      success: false,
      riskScore: 40,
      details: { method, path },
    }),
  ).catch((error: Error) =>
    host.ctx.logger.warn({ err: { message: error.message } }, 'could not audit an access denial'),
  );
}

export function route<P = undefined, Q = undefined, B = undefined, R = unknown>(
  host: RouteHost,
  spec: RouteSpec<P, Q, B, R>,
): void {
  const access: Access | undefined =
    spec.scope === 'public' ? undefined : { scope: spec.scope, write: spec.method !== 'get' && !spec.readOnly };
  const handlers = [];
  const limits = host.ctx.rateLimits;
  handlers.push(access ? limitAuthenticated(limits, requestPrincipal(host.ctx)) : limitPublic(limits));
  handlers.push(async (req: Request, res: Response) => {
    if (access) {
      const principal = principalOf(res);
      if (!isAllowed(principal, access)) {
        await auditDenial(host, res, access.scope, req.method, req.path);
        throw forbiddenFor(principal, access);
      }
    }
    const params = parseWith(spec.params, req.params, 'params');
    const query = parseWith(spec.query, req.query, 'query');
    const body = parseWith(spec.body, req.body ?? {}, 'body');
    const result = await spec.handler({ params, query, body, principal: res.locals.principal as Principal, req, res });
    if (!res.headersSent) res.status(spec.status ?? 200).json(result ?? null);
  });
  host.router[spec.method](spec.path, ...handlers);

  const config: RouteConfig = {
    method: spec.method,
    path: openApiPath(spec.path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    // The role of the bearer requirement names the scope the route needs (OpenAPI 3.1
    // allows role names for non-OAuth schemes); the authorization matrix test reads it.
    security: spec.scope === 'public' ? [] : [{ bearer: [spec.scope] }],
    // A POST that changes nothing is open to console viewers; say so in the document.
    ...(spec.readOnly ? { 'x-read-only': true } : {}),
    request: {
      ...(spec.params ? { params: spec.params as unknown as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as unknown as z.ZodObject } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: {
      [spec.status ?? 200]: { description: 'OK', content: { 'application/json': { schema: spec.response } } },
      400: problemResponse,
      ...(spec.scope === 'public' ? {} : { 401: problemResponse, 403: problemResponse }),
      429: problemResponse,
    },
  };
  host.registry.registerPath(config);
}

export type ListRouteSpec<F extends Record<string, ZodType>, R> = {
  path: string;
  /** Name used in Content-Range (`templates 0-24/100`). */
  resource: string;
  summary: string;
  tag: string;
  scope: Scope | 'authenticated' | 'session';
  list: ListSpec<F>;
  item: ZodType<R>;
  handler: (
    query: ListQuery<F>,
    input: { principal: Principal; req: Request; res: Response },
  ) => Promise<{ rows: R[]; total: number }>;
};

const listQueryDoc = z.object({
  filter: z.string().optional().openapi({ description: 'JSON object of filters, e.g. {"q":"text","id":["…"]}' }),
  range: z.string().optional().openapi({
    description: 'JSON [start, end] (inclusive, at most 1000 records); or a `Range: <resource>=0-24` header',
  }),
  sort: z.string().optional().openapi({ description: 'JSON ["field", "ASC" | "DESC"]' }),
});

export function listRoute<F extends Record<string, ZodType>, R>(host: RouteHost, spec: ListRouteSpec<F, R>): void {
  route(host, {
    method: 'get',
    path: spec.path,
    summary: spec.summary,
    description: `Filters: q, id, ${Object.keys(spec.list.filters).join(', ') || '—'}. Sortable: ${spec.list.sortable.join(', ')}.`,
    tag: spec.tag,
    scope: spec.scope,
    response: z.array(spec.item),
    query: z.record(z.string(), z.unknown()) as unknown as ZodType<Record<string, unknown>>,
    handler: async ({ req, res, principal }) => {
      const query = parseListQuery(req.query as Record<string, unknown>, req.get('range'), spec.list);
      const { rows, total } = await spec.handler(query, { principal, req, res });
      res.setHeader('Content-Range', contentRange(spec.resource, query.range, rows.length, total));
      res.setHeader('X-Total-Count', String(total));
      return rows;
    },
  });
  // Document the real list parameters rather than the catch-all record used for parsing.
  const last = host.registry.definitions.at(-1);
  if (last?.type === 'route') last.route.request = { query: listQueryDoc };
}
