// /api/v1/workflow-installs: which versioned workflows (workflows/*.json) the import tooling
// installed into n8n, at which version, and when. Read-only: only `npm run workflows -- import`
// writes these rows (audited). Scope workflows.manage; console viewers may read.
import { listRoute, type RouteHost } from '../../http/route.ts';
import { listWorkflowInstalls } from './repo.ts';
import { SORTABLE, workflowInstallFilters, workflowInstallSchema } from './schemas.ts';

export function workflowInstallRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: '/api/v1/workflow-installs',
    resource: 'workflow-installs',
    summary: 'List the workflows installed into n8n by the import tooling',
    tag: 'workflows',
    scope: 'workflows.manage',
    item: workflowInstallSchema,
    list: { filters: workflowInstallFilters, sortable: SORTABLE, defaultSort: ['workflow_key', 'ASC'] },
    handler: (query) => listWorkflowInstalls(pool, query),
  });
}
