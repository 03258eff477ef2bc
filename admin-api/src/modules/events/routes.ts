// /api/v1/events (SPEC 3.1): list (time window, anchor + direction, full-text q, calendar,
// tags, status, attendee), read, create, whole-record update, delete, upsert by
// (source, external_id) for calendar sync, reschedule, and the current conflicts of an event.
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { notFound } from '../../http/problem.ts';
import { z } from '../../openapi/zod.ts';
import { createFromTemplate, fromTemplateBody } from './from-template.ts';
import { calendarPlanning, findConflicts, suggestFor } from './planner.ts';
import { loadEvent, toEventDto } from './record.ts';
import { listEvents, SORTABLE } from './repo.ts';
import {
  conflictSchema,
  eventBody,
  eventFilters,
  eventSchema,
  eventWriteSchema,
  idParams,
  rescheduleBody,
  slotSchema,
  upsertBody,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/events';
const tag = 'events';
const read = 'events.read' as const;
const write = 'events.write' as const;

export function eventRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'events',
    summary: 'List events',
    tag,
    scope: read,
    item: eventSchema,
    list: { filters: eventFilters, sortable: SORTABLE, defaultSort: ['start_at', 'ASC'] },
    handler: async (query) => {
      const { from, to, anchor, direction, ...filter } = query.filter;
      const { rows, total } = await listEvents(pool, { ...query, filter }, { from, to, anchor, direction });
      return { rows: rows.map(toEventDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get an event',
    tag,
    scope: read,
    params: idParams,
    response: eventSchema,
    handler: async ({ params }) => {
      const event = await loadEvent(pool, params.id);
      if (!event) throw notFound(`no event with id ${params.id}`);
      return event;
    },
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create an event (auto_plan: 409 with suggestions when it collides)',
    tag,
    scope: write,
    body: eventBody,
    response: eventWriteSchema,
    handler: ({ body, res }) => service.createEvent(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'post',
    path: `${base}/upsert`,
    summary: 'Create or update the event with this (source, external_id) — calendar sync',
    tag,
    scope: write,
    body: upsertBody,
    response: eventWriteSchema.extend({ created: z.boolean() }),
    handler: ({ body, res }) => service.upsertEvent(pool, body, auditActor(res, write)),
  });

  route(host, {
    method: 'post',
    path: `${base}/from-template/:id`,
    summary: 'Create an event from an event template (title, duration, attendees, checklist, …) with overrides',
    tag,
    scope: write,
    params: idParams,
    body: fromTemplateBody,
    response: eventWriteSchema,
    handler: ({ params, body, res }) => createFromTemplate(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Update an event (whole record; read-only fields are ignored)',
    tag,
    scope: write,
    params: idParams,
    body: eventBody,
    response: eventWriteSchema,
    handler: ({ params, body, res }) => service.updateEvent(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete an event (its sub-tasks, links and reminder records go with it)',
    tag,
    scope: write,
    params: idParams,
    response: eventSchema,
    handler: ({ params, res }) => service.deleteEvent(pool, params.id, auditActor(res, write)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/reschedule`,
    summary: 'Move an event to a given start (e.g. a suggestion) or to the next free slot',
    tag,
    scope: write,
    params: idParams,
    body: rescheduleBody,
    response: eventWriteSchema,
    handler: ({ params, body, res }) => service.rescheduleEvent(pool, params.id, body, auditActor(res, write)),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id/conflicts`,
    summary: "An event's current conflicts and the next free slots for it",
    tag,
    scope: read,
    params: idParams,
    response: z.object({ conflicts: z.array(conflictSchema), suggestions: z.array(slotSchema) }),
    handler: async ({ params }) => {
      const event = await loadEvent(pool, params.id);
      if (!event) throw notFound(`no event with id ${params.id}`);
      const calendar = (await calendarPlanning(pool, event.calendar_id))!;
      const proposal = { ...event, start_at: new Date(event.start_at), end_at: new Date(event.end_at) };
      const buffer = event.effective_mode === 'auto_plan' ? calendar.buffer_minutes * 60_000 : 0;
      const found = await findConflicts(pool, proposal, buffer);
      const suggestions = found.length ? await suggestFor(pool, proposal, calendar) : [];
      return { conflicts: found.map((f) => f.conflict), suggestions };
    },
  });
}
