// /api/v1/security-incidents: what detect.ts recorded. Reading needs the admin scope (console
// viewers may read); acknowledging is a change, audited like any other.
import { withTransaction } from '../../db/pool.ts';
import { auditActor } from '../../http/principal.ts';
import { notFound } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { appendAudit } from '../audit/repo.ts';
import { toDto } from './dto.ts';
import { acknowledge, getIncident, listIncidents } from './repo.ts';
import { idParams, incidentFilters, incidentSchema } from './schemas.ts';
import { riskScore } from './risk.ts';

const base = '/api/v1/security-incidents';
const tag = 'security';
const scope = 'admin' as const;

export function securityRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'security-incidents',
    summary: 'List security incidents',
    tag,
    scope,
    item: incidentSchema,
    list: {
      filters: incidentFilters,
      sortable: ['occurred_at', 'severity', 'kind', 'acknowledged_at'],
      defaultSort: ['occurred_at', 'DESC'],
    },
    handler: async (query) => {
      const { rows, total } = await listIncidents(pool, query);
      return { rows: rows.map(toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a security incident',
    tag,
    scope,
    params: idParams,
    response: incidentSchema,
    handler: async ({ params }) => {
      const incident = await getIncident(pool, params.id);
      if (!incident) throw notFound(`no security incident with id ${params.id}`);
      return toDto(incident);
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/acknowledge`,
    summary: 'Acknowledge an incident (idempotent: acknowledging twice changes nothing)',
    tag,
    scope,
    params: idParams,
    response: incidentSchema,
    handler: ({ params, principal, res }) =>
      withTransaction(pool, async (client) => {
        const before = await getIncident(client, params.id, true);
        if (!before) throw notFound(`no security incident with id ${params.id}`);
        if (before.acknowledged_at) return toDto(before);
        const after = await acknowledge(client, params.id, principal.type === 'user' ? principal.id : null);
        await appendAudit(client, {
          ...auditActor(res, scope),
          entity: 'security_incident',
          entityId: params.id,
          action: 'acknowledge',
          oldValue: { acknowledged_at: null },
          newValue: { acknowledged_at: after.acknowledged_at?.toISOString() },
          riskScore: riskScore('acknowledge'),
          details: { kind: before.kind },
        });
        return toDto(after);
      }),
  });
}
