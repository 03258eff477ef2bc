// /api/v1/outbox: what the relay is doing and has done — rows with their attempts, retry of
// dead rows (one or in bulk), purge of old delivered rows. Reading needs `workflows.manage`
// (operators of the automations); changing needs `admin`.
import { withTransaction } from '../../db/pool.ts';
import { auditActor } from '../../http/principal.ts';
import { conflict, notFound } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { z } from '../../openapi/zod.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import {
  attemptSchema,
  bulkRetryBody,
  idParams,
  outboxFilters,
  outboxSchema,
  purgeBody,
  type OutboxDto,
} from './schemas.ts';

const base = '/api/v1/outbox';
const tag = 'outbox';
const read = 'workflows.manage' as const;
const write = 'admin' as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function toDto(r: repo.OutboxRecord): OutboxDto {
  return {
    ...r,
    channel: r.channel as OutboxDto['channel'],
    status: r.status as OutboxDto['status'],
    available_at: r.available_at.toISOString(),
    locked_until: iso(r.locked_until),
    delivered_at: iso(r.delivered_at),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export function outboxRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'outbox',
    summary: 'List outbox rows',
    tag,
    scope: read,
    item: outboxSchema,
    list: { filters: outboxFilters, sortable: repo.SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await repo.listOutbox(pool, query);
      return { rows: rows.map(toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get an outbox row',
    tag,
    scope: read,
    params: idParams,
    response: outboxSchema,
    handler: async ({ params }) => {
      const row = await repo.getOutbox(pool, params.id);
      if (!row) throw notFound(`no outbox row with id ${params.id}`);
      return toDto(row);
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id/attempts`,
    summary: 'The delivery attempts of an outbox row, oldest first',
    tag,
    scope: read,
    params: idParams,
    response: z.array(attemptSchema),
    handler: async ({ params }) => {
      if (!(await repo.getOutbox(pool, params.id))) throw notFound(`no outbox row with id ${params.id}`);
      return (await repo.attemptsOf(pool, params.id)).map((a) => ({
        ...a,
        started_at: a.started_at.toISOString(),
        finished_at: iso(a.finished_at),
      })) as z.infer<typeof attemptSchema>[];
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/retry`,
    summary: 'Retry a dead (or cancelled) row: back to pending with its attempts reset',
    tag,
    scope: write,
    params: idParams,
    response: outboxSchema,
    handler: ({ params, res }) =>
      withTransaction(pool, async (client) => {
        const before = await repo.getOutbox(client, params.id);
        if (!before) throw notFound(`no outbox row with id ${params.id}`);
        const [retried] = await repo.requeue(client, { ids: [params.id] });
        if (!retried)
          throw conflict(`outbox row ${params.id} is ${before.status}; only dead or cancelled rows are retried`);
        await appendAudit(client, {
          ...auditActor(res, write),
          entity: 'outbox',
          entityId: params.id,
          action: 'retry',
          oldValue: { status: before.status, attempts: before.attempts, last_error: before.last_error },
          newValue: { status: 'pending' },
        });
        return toDto((await repo.getOutbox(client, params.id))!);
      }),
  });

  route(host, {
    method: 'post',
    path: `${base}/retry`,
    summary: 'Retry dead rows in bulk (by ids or by event type / channel / subscription)',
    tag,
    scope: write,
    body: bulkRetryBody,
    response: z.object({ retried: z.number().int(), ids: z.array(z.uuid()) }),
    handler: ({ body, res }) =>
      withTransaction(pool, async (client) => {
        const ids = await repo.requeue(client, body);
        await appendAudit(client, {
          ...auditActor(res, write),
          entity: 'outbox',
          action: 'bulk_retry',
          newValue: { retried: ids.length },
          details: { selection: body },
        });
        return { retried: ids.length, ids };
      }),
  });

  route(host, {
    method: 'post',
    path: `${base}/purge`,
    summary: 'Delete delivered and cancelled rows older than a number of days (dry_run counts them)',
    tag,
    scope: write,
    body: purgeBody,
    response: z.object({ purged: z.number().int(), dry_run: z.boolean() }),
    handler: ({ body, res }) =>
      withTransaction(pool, async (client) => {
        const purged = await repo.purge(client, body.older_than_days, body.dry_run);
        if (!body.dry_run) {
          await appendAudit(client, {
            ...auditActor(res, write),
            entity: 'outbox',
            action: 'purge',
            newValue: { purged, older_than_days: body.older_than_days },
          });
        }
        return { purged, dry_run: body.dry_run };
      }),
  });
}
