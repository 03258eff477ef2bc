// /api/v1/templates: reading needs templates.read, changing and rendering templates.write
// (rendering records a usage row). Fixed paths are declared before `/:id` so Express does not
// take "most-used" for an id.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import { listTemplates, mostUsed, SORTABLE } from './repo.ts';
import {
  idParams,
  mostUsedQuery,
  previewBody,
  previewSchema,
  renderBody,
  renderedSchema,
  templateBody,
  templateFilters,
  templateSchema,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/templates';
const tag = 'templates';
const read = 'templates.read' as const;
const write = 'templates.write' as const;

export function templateRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'templates',
    summary: 'List templates (sort by usage_count for the most used)',
    tag,
    scope: read,
    item: templateSchema,
    list: { filters: templateFilters, sortable: SORTABLE, defaultSort: ['name', 'ASC'] },
    handler: async (query) => {
      const { rows, total } = await listTemplates(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/most-used`,
    summary: 'Templates ranked by how often they were used',
    tag,
    scope: read,
    query: mostUsedQuery,
    response: z.array(templateSchema),
    handler: async ({ query }) => (await mostUsed(pool, query.limit)).map(service.toDto),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a template',
    tag,
    scope: read,
    params: idParams,
    response: templateSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a template (bodies are syntax-checked)',
    tag,
    scope: write,
    body: templateBody,
    response: templateSchema,
    handler: ({ body, res }) => service.create(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a template (read-only fields are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: templateBody,
    response: templateSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a template (its usage rows go with it; the audit log keeps its history)',
    tag,
    scope: write,
    params: idParams,
    response: templateSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, write)),
  });

  route(host, {
    method: 'post',
    path: `${base}/preview`,
    summary:
      "Preview a template that need not be saved (the editor's live preview): validated like a save, nothing stored or counted",
    description:
      'Missing variables are listed in `missing`; body errors are 400 with `errors` keyed `template.<field>`.',
    tag,
    scope: read,
    readOnly: true,
    body: previewBody,
    response: previewSchema,
    handler: ({ body }) => service.preview(body.template, body.variables),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/render`,
    summary: 'Preview: render with the given (or sample) variables and record the use',
    description:
      'Missing variables: with strict (default) a 422 whose `missing` and `errors` list them; with strict:false a 200 listing them in `missing`.',
    tag,
    scope: write,
    params: idParams,
    body: renderBody,
    response: renderedSchema,
    handler: ({ params, body, res }) =>
      service.render(pool, params.id, {
        variables: body.variables,
        strict: body.strict,
        usedBy: auditActor(res).actorLabel,
      }),
  });
}
