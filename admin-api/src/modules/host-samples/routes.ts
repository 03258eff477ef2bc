// /api/v1/health/samples and /api/v1/health/hosts. Agents push with scope health.report (a key
// that can do nothing else); reading needs health.manage (console viewers read too).
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { SORTABLE } from './repo.ts';
import { hostFilters, hostSchema, sampleAcceptedSchema, sampleBody, sampleFilters, sampleSchema } from './schemas.ts';
import * as service from './service.ts';

const tag = 'health';

export function hostSampleRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  route(host, {
    method: 'post',
    path: '/api/v1/health/samples',
    summary: 'Agent: push one metric sample (idempotent on host + taken_at)',
    description:
      'CPU, memory, disks, GPUs (absent without a GPU; unknown figures null), XID errors, services and — first ' +
      'sample after a boot — the post-reboot validation. 202 with the sample id; the same (host, taken_at) again: ' +
      '202 with duplicate true and nothing stored. Services reported down are recorded as service failures. ' +
      'Bad fields: 400 naming each. At most 1 MB.',
    tag,
    scope: 'health.report',
    body: sampleBody,
    response: sampleAcceptedSchema,
    status: 202,
    handler: ({ body }) => service.ingest(pool, body),
  });

  listRoute(host, {
    path: '/api/v1/health/samples',
    resource: 'health-samples',
    summary: 'List metric samples',
    tag,
    scope: 'health.manage',
    item: sampleSchema,
    list: { filters: sampleFilters, sortable: SORTABLE, defaultSort: ['taken_at', 'DESC'] },
    handler: (query) => service.list(pool, query),
  });

  listRoute(host, {
    path: '/api/v1/health/hosts',
    resource: 'health-hosts',
    summary: 'Hosts with their newest sample and its age',
    tag,
    scope: 'health.manage',
    item: hostSchema,
    list: {
      filters: hostFilters,
      sortable: ['host', 'taken_at', 'received_at', 'age_s'],
      defaultSort: ['host', 'ASC'],
    },
    handler: (query) => service.hosts(pool, query),
  });
}
