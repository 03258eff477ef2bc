// /api/v1/events/{eventId}/sub-tasks: an event's checklist. Reading needs events.read,
// changing events.write. Every route answers 404 when the event does not exist. The fixed
// path `reorder` is declared before `/:id` so Express does not take it for an id.
import { auditActor } from '../../http/principal.ts';
import { route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import {
  eventParams,
  MAX_SUB_TASKS,
  reorderBody,
  subTaskChangeSchema,
  subTaskCreateBody,
  subTaskParams,
  subTaskSchema,
  subTasksChangeSchema,
  subTaskUpdateBody,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/events/:eventId/sub-tasks';
const tag = 'sub-tasks';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function subTaskRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  route(host, {
    method: 'get',
    path: base,
    summary: "An event's sub-tasks, by position",
    description: `The whole checklist (at most ${MAX_SUB_TASKS} items), as a plain array.`,
    tag,
    scope: read,
    params: eventParams,
    response: z.array(subTaskSchema),
    handler: ({ params }) => service.list(pool, params.eventId),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Add a sub-task (appended, or inserted at `position`)',
    description: `position must be 0..n (n = the number of sub-tasks); the checklist holds at most ${MAX_SUB_TASKS} (409 beyond).`,
    tag,
    scope: write,
    params: eventParams,
    body: subTaskCreateBody,
    response: subTaskChangeSchema,
    handler: ({ params, body, res }) => service.create(pool, params.eventId, body, auditActor(res, write)),
  });

  route(host, {
    method: 'post',
    path: `${base}/reorder`,
    summary: 'Reorder the checklist: `ids` is the complete new order',
    description:
      "ids must be exactly the event's sub-task ids, each once; otherwise a 400 whose errors.ids says which are missing, foreign or repeated (also as `missing`, `unknown`, `duplicates`).",
    tag,
    scope: write,
    params: eventParams,
    body: reorderBody,
    response: subTasksChangeSchema,
    handler: ({ params, body, res }) => service.reorder(pool, params.eventId, body.ids, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a sub-task (text, notes, completed; read-only fields are ignored)',
    tag,
    scope: write,
    params: subTaskParams,
    body: subTaskUpdateBody,
    response: subTaskChangeSchema,
    handler: ({ params, body, res }) => service.update(pool, params.eventId, params.id, body, auditActor(res, write)),
  });

  for (const [action, completed] of [
    ['tick', true],
    ['untick', false],
  ] as const) {
    route(host, {
      method: 'post',
      path: `${base}/:id/${action}`,
      summary: completed ? 'Mark a sub-task done' : 'Mark a sub-task not done',
      description: 'Idempotent: a sub-task already in that state is answered as it is.',
      tag,
      scope: write,
      params: subTaskParams,
      response: subTaskChangeSchema,
      handler: ({ params, res }) =>
        service.setCompleted(pool, params.eventId, params.id, completed, auditActor(res, write)),
    });
  }

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a sub-task (the ones after it move up; positions stay 0..n-1)',
    tag,
    scope: write,
    params: subTaskParams,
    response: subTaskChangeSchema,
    handler: ({ params, res }) => service.remove(pool, params.eventId, params.id, auditActor(res, write)),
  });
}
