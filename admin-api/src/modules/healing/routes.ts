// Health evaluation and self-healing (SPEC 3.7):
//   POST /api/v1/health/evaluate        health.manage — run the rules (n8n's healing workflows)
//   GET  /api/v1/health/reboot-check    health.report — the agent's safety checks before a REBOOT
//   GET  /api/v1/health-events[/{id}]   health.manage — detections (console viewers read)
//   GET  /api/v1/healing-actions[/{id}] health.manage — every decision and its outcome
//   POST /api/v1/healing-actions        health.manage — ask for one action on one host
import { auditActor } from '../../http/principal.ts';
import { notFound } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import * as actionsRepo from './actions-repo.ts';
import { evaluate } from './evaluate.ts';
import * as eventsRepo from './events-repo.ts';
import { rebootCheck } from './reboot-check.ts';
import { toActionDto, toEventDto } from './record.ts';
import { requestAction } from './request.ts';
import {
  evaluateBody,
  evaluationSchema,
  healingActionBody,
  healingActionFilters,
  healingActionResultSchema,
  healingActionSchema,
  healthEventFilters,
  healthEventSchema,
  idParams,
  rebootCheckQuery,
  rebootCheckSchema,
} from './schemas.ts';

const tag = 'health';
const manage = 'health.manage' as const;
/** A reboot check must answer fast: the agent is waiting to reboot (or not). */
const N8N_TIMEOUT_MS = 5_000;

export function healingRoutes(host: RouteHost): void {
  const { pool, config } = host.ctx;
  const checkReboot = (hostName: string) =>
    rebootCheck(pool, hostName, {
      encryptionKey: config.encryptionKey,
      requireN8nDrained: config.healing.rebootRequireN8nDrained,
      timeoutMs: N8N_TIMEOUT_MS,
    });

  route(host, {
    method: 'post',
    path: '/api/v1/health/evaluate',
    summary: 'Evaluate the health rules for one host or all; store detections, queue or record healing actions',
    description:
      'Per host (every host with a recent sample when `host` is omitted): detections are stored in health events ' +
      '(an open one is updated while it persists and resolved when it clears; new warning/critical ones and ' +
      'escalations emit health.alert, resolutions health.resolved); each wanted action is queued as a HEALING ' +
      'command (whitelist-checked; the same situation evaluated again replays instead of queueing twice) or ' +
      'recorded as skipped with the reason (cooldown, in_progress, max_attempts, host/global rate limit, ' +
      'disabled, not_configured, not_allowed, dry_run). Thresholds, windows and limits: setting `healing`. ' +
      'apply=false reports without writing anything.',
    tag,
    scope: manage,
    body: evaluateBody,
    response: evaluationSchema,
    handler: ({ body, res }) =>
      evaluate(pool, {
        ...(body.host ? { host: body.host } : {}),
        apply: body.apply,
        dryRun: body.dry_run,
        now: new Date(),
        actor: auditActor(res, manage),
      }),
  });

  route(host, {
    method: 'get',
    path: '/api/v1/health/reboot-check',
    summary: 'Agent: may this host reboot now? (database reachable, no backup running, reboot rate, workflows drained)',
    description:
      'allowed is false when any check fails. reboot_rate: fewer than 2 REBOOT actions of the host running or ' +
      "succeeded in the last hour. workflows_drained: n8n's public API lists no running execution (setting n8n: " +
      'base_url and api_key); n8n not configured fails unless HEALING_REBOOT_REQUIRE_N8N_DRAINED=false.',
    tag,
    scope: 'health.report',
    query: rebootCheckQuery,
    response: rebootCheckSchema,
    handler: ({ query }) => checkReboot(query.host),
  });

  listRoute(host, {
    path: '/api/v1/health-events',
    resource: 'health-events',
    summary: 'List health events (detections and post-reboot validations)',
    tag,
    scope: manage,
    item: healthEventSchema,
    list: { filters: healthEventFilters, sortable: eventsRepo.SORTABLE, defaultSort: ['occurred_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await eventsRepo.listEvents(pool, query);
      return { rows: rows.map(toEventDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: '/api/v1/health-events/:id',
    summary: 'Get a health event',
    tag,
    scope: manage,
    params: idParams,
    response: healthEventSchema,
    handler: async ({ params }) => {
      const { rows } = await eventsRepo.listEvents(pool, {
        filter: { id: [params.id] },
        range: [0, 0],
        sort: ['occurred_at', 'DESC'],
      });
      if (!rows[0]) throw notFound(`no health event with id ${params.id}`);
      return toEventDto(rows[0]);
    },
  });

  listRoute(host, {
    path: '/api/v1/healing-actions',
    resource: 'healing-actions',
    summary: 'List healing actions (queued, running, finished and skipped, with outcome and output)',
    tag,
    scope: manage,
    item: healingActionSchema,
    list: { filters: healingActionFilters, sortable: actionsRepo.SORTABLE, defaultSort: ['requested_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await actionsRepo.listActions(pool, query);
      return { rows: rows.map(toActionDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: '/api/v1/healing-actions/:id',
    summary: 'Get a healing action',
    tag,
    scope: manage,
    params: idParams,
    response: healingActionSchema,
    handler: async ({ params }) => {
      const row = await actionsRepo.getAction(pool, params.id);
      if (!row) throw notFound(`no healing action with id ${params.id}`);
      return toActionDto(row);
    },
  });

  route(host, {
    method: 'post',
    path: '/api/v1/healing-actions',
    summary: 'Request one healing action for a host (whitelist, cooldown, rate limits, host policy; audited)',
    description:
      'Params that do not type-check against the HEALING whitelist: 422 with errors keyed params.<name>. ' +
      'A refusal by the host policy (allow_gpu_reset, reboot_enabled), the reboot safety checks, a cooldown, the ' +
      'attempt limit or a rate limit is stored as a skipped action and returned with queued false. dry_run: ' +
      'queued with dry_run, the agent reports what it would do. idempotency_key: a repeat returns the first action.',
    tag,
    scope: manage,
    body: healingActionBody,
    response: healingActionResultSchema,
    handler: ({ body, res }) =>
      requestAction(pool, body, { actor: auditActor(res, manage), now: new Date(), rebootCheck: checkReboot }),
  });
}
