// The ingest API.
//   POST /ingest/{domain}            webhook callers, with an ingest token (receiver.ts; mounted
//                                    by app.ts before the global JSON parser, documented here)
//   /api/v1/ingest-tokens            create (token shown once), list, get, revoke, delete —
//                                    scope integrations.manage (tokens are integration credentials)
//   GET /api/v1/ingest/domains       known domains with counts (view ingest_domains)
//   GET /api/v1/ingest/{domain}/records   records of a domain (list contract)
//   GET /api/v1/ingest/{domain}/export    all records of a domain as JSON lines
// Reading records needs events.read: received records are events in the Chronos sense, and the
// n8n workflow reacting to `ingest.received` fetches them with the key it already holds.
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request } from 'express';
import { auditActor } from '../../http/principal.ts';
import { validationProblem } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import * as repo from './repo.ts';
import {
  createdIngestTokenSchema,
  createIngestTokenBody,
  domainParams,
  exportQuery,
  idParams,
  ingestBodyDoc,
  ingestDomainSchema,
  ingestRecordSchema,
  ingestResultSchema,
  ingestTokenSchema,
  recordFilters,
  tokenFilters,
} from './schemas.ts';
import * as service from './service.ts';
import { ingestState } from './state.ts';

const tokens = '/api/v1/ingest-tokens';
const tag = 'ingest';
const manage = 'integrations.manage' as const;
const read = 'events.read' as const;

function domainOf(req: Request): string {
  const parsed = domainParams.safeParse(req.params);
  if (!parsed.success) throw validationProblem(parsed.error, 'params');
  return parsed.data.domain;
}

/** The last registered path, to correct what the generic helpers cannot express. */
function lastRoute(host: RouteHost): RouteConfig | undefined {
  const last = host.registry.definitions.at(-1);
  return last?.type === 'route' ? last.route : undefined;
}

export function ingestRoutes(host: RouteHost): void {
  const { pool } = host.ctx;
  const { cache } = ingestState(host.ctx);
  // Drops cached verifications in this replica as soon as a change commits (the others learn
  // it through NOTIFY, migration 0014).
  const changing = <T>(change: Promise<T>) => change.finally(() => cache.evict());

  listRoute(host, {
    path: tokens,
    resource: 'ingest-tokens',
    summary: 'List ingest tokens (never their secrets)',
    tag,
    scope: manage,
    item: ingestTokenSchema,
    list: { filters: tokenFilters, sortable: repo.TOKEN_SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await repo.listTokens(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${tokens}/:id`,
    summary: 'Get an ingest token (never its secret)',
    tag,
    scope: manage,
    params: idParams,
    response: ingestTokenSchema,
    handler: async ({ params }) => service.toDto(await service.getTokenOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: tokens,
    summary: 'Create an ingest token for one domain; the token is in this response only',
    tag,
    scope: manage,
    body: createIngestTokenBody,
    response: createdIngestTokenSchema,
    handler: ({ body, res }) => service.createToken(pool, body, auditActor(res, manage)),
  });

  route(host, {
    method: 'post',
    path: `${tokens}/:id/revoke`,
    summary: 'Revoke an ingest token at once',
    tag,
    scope: manage,
    params: idParams,
    response: ingestTokenSchema,
    handler: ({ params, res }) => changing(service.revokeToken(pool, params.id, auditActor(res, manage))),
  });

  route(host, {
    method: 'delete',
    path: `${tokens}/:id`,
    summary: 'Delete an ingest token (its records stay, without the token reference)',
    tag,
    scope: manage,
    params: idParams,
    response: ingestTokenSchema,
    handler: ({ params, res }) => changing(service.deleteToken(pool, params.id, auditActor(res, manage))),
  });

  listRoute(host, {
    path: '/api/v1/ingest/domains',
    resource: 'ingest-domains',
    summary: 'Ingest domains (with records or tokens): record counts, first and last receipt, active tokens',
    tag,
    scope: read,
    item: ingestDomainSchema,
    list: { filters: {}, sortable: repo.DOMAIN_SORTABLE, defaultSort: ['domain', 'ASC'] },
    handler: async (query) => {
      const { rows, total } = await repo.listDomains(pool, query);
      return { rows: rows.map(service.domainDto), total };
    },
  });

  listRoute(host, {
    path: '/api/v1/ingest/:domain/records',
    resource: 'ingest-records',
    summary: 'Records received for a domain (q searches the payload text; from/to bound received_at)',
    tag,
    scope: read,
    item: ingestRecordSchema,
    list: { filters: recordFilters, sortable: repo.RECORD_SORTABLE, defaultSort: ['received_at', 'DESC'] },
    handler: async (query, { req }) => {
      const { rows, total } = await repo.listRecords(pool, domainOf(req), query);
      return { rows: rows.map(service.recordDto), total };
    },
  });
  const recordsRoute = lastRoute(host);
  if (recordsRoute) recordsRoute.request = { ...recordsRoute.request, params: domainParams };

  route(host, {
    method: 'get',
    path: '/api/v1/ingest/:domain/export',
    summary: 'Export the records of a domain as JSON lines, ordered by (received_at, id)',
    description:
      'One record per line: {"id","domain","received_at","payload"}. from (inclusive) and to (exclusive) bound received_at. Streamed page by page; a response cut short by an error ends without the final chunk, so a client can tell it is incomplete.',
    tag,
    scope: read,
    params: domainParams,
    query: exportQuery,
    response: z.string(),
    handler: async ({ params, query, res }) => {
      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      res.status(200);
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="ingest-${params.domain}.jsonl"`);
      res.setHeader('Cache-Control', 'no-store');
      await service.exportRecords(pool, res, {
        domain: params.domain,
        from: query.from ? new Date(query.from) : null,
        to: query.to ? new Date(query.to) : null,
        signal: aborted.signal,
      });
      res.end();
      return undefined;
    },
  });
  const exportRoute = lastRoute(host);
  if (exportRoute)
    exportRoute.responses[200] = {
      description: 'JSON lines',
      content: { 'application/x-ndjson': { schema: { type: 'string' } } },
    };

  // The receiver itself (receiver.ts) is mounted outside the route() machinery; documented
  // here. It needs no API key (`security: []`): an ingest token authenticates it.
  host.registry.registerPath({
    method: 'post',
    path: '/ingest/{domain}',
    summary: 'Push JSON records for a domain (webhook callers)',
    description:
      'Authenticated by an ingest token for this domain: `Authorization: Bearer <token>` or `X-Chronos-Token: <token>`. The body is one JSON object (one record) or an array of objects (several), up to INGEST_MAX_BYTES. Each record is stored with the domain and receive time, and one `ingest.received` event (domain, count, ids) is emitted per request. 400 invalid domain / invalid json, 401 missing or refused token, 413 body or array too large, 429 rate limit (INGEST_RATE_LIMIT_PER_IP per minute per address).',
    tags: [tag],
    security: [],
    request: {
      params: domainParams,
      body: { content: { 'application/json': { schema: ingestBodyDoc } } },
    },
    responses: {
      200: { description: 'Stored', content: { 'application/json': { schema: ingestResultSchema } } },
      ...Object.fromEntries(
        [400, 401, 413, 429].map((status) => [
          status,
          {
            description: 'problem+json error',
            content: { 'application/problem+json': { schema: { type: 'object' as const } } },
          },
        ]),
      ),
    },
  });
}
