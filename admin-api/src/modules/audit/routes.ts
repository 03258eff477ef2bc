// /api/v1/audit: the audit log (read-only by construction: the database refuses changes)
// and its chain verification. Needs the admin scope; console viewers may read. Workflows
// append their own records with scope audit.write (write.ts: actions prefixed `workflow.`).
import { auditActor } from '../../http/principal.ts';
import { notFound } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { getAudit, listAudit } from './read.ts';
import { auditFilters, auditRecordSchema, idParams, verifyResultSchema, writeAuditBody } from './schemas.ts';
import { verifyChain } from './verify.ts';
import { writeWorkflowAudit } from './write.ts';

const base = '/api/v1/audit';
const tag = 'audit';
const scope = 'admin' as const;

export function auditRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'audit',
    summary: 'List audit records',
    tag,
    scope,
    item: auditRecordSchema,
    list: { filters: auditFilters, sortable: ['seq', 'occurred_at', 'risk_score'], defaultSort: ['seq', 'DESC'] },
    handler: (query) => listAudit(pool, query),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Append a custom record (action stored as workflow.<action>, actor = the API key)',
    description:
      'For workflows (scope audit.write): the record joins the hash chain like every other. The action is ' +
      'prefixed `workflow.` so it cannot be mistaken for a record the system writes.',
    tag,
    scope: 'audit.write',
    body: writeAuditBody,
    response: auditRecordSchema,
    handler: ({ body, res }) => writeWorkflowAudit(pool, body, auditActor(res, 'audit.write')),
  });

  // Declared before /:id so "verify" is never taken for an id (it is POST anyway).
  route(host, {
    method: 'post',
    path: `${base}/verify`,
    summary: 'Verify the hash chain; a broken chain also raises a critical security incident',
    tag,
    scope,
    response: verifyResultSchema,
    handler: () => verifyChain(pool),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get one audit record',
    tag,
    scope,
    params: idParams,
    response: auditRecordSchema,
    handler: async ({ params }) => {
      const record = await getAudit(pool, params.id);
      if (!record) throw notFound(`no audit record with id ${params.id}`);
      return record;
    },
  });
}
