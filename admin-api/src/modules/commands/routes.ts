// /api/v1/commands (SPEC 3.2). Access:
//   - commands.manage: list, read, create, poll (claim), and the target's complete/fail
//     callbacks — what a target system's API key needs;
//   - admin: manual-complete, manual-fail, resend (overriding the queue is an operator's act;
//     an admin key or a console admin; each needs a reason, which is audited).
// Console viewers read lists and records. `GET /api/v1/commands/{id}` is also the SPEC's poll
// path `GET /api/v1/commands/{system}`: a UUID reads the command, a system name claims — and
// claiming changes data, so a viewer gets a 403 there although the method is GET.
import type { Response } from 'express';
import { auditActor, type Principal } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { refuseViewer } from '../../http/refuse-viewer.ts';
import { z } from '../../openapi/zod.ts';
import { toCommandDto } from './record.ts';
import { listCommands, SORTABLE } from './repo.ts';
import {
  claimQuery,
  commandDetailSchema,
  commandFilters,
  commandSchema,
  completeBody,
  createBody,
  failBody,
  idOrSystemParams,
  idParams,
  manualCompleteBody,
  manualFailBody,
  resendBody,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/commands';
const tag = 'commands';
const scope = 'commands.manage' as const;
const admin = 'admin' as const;

export function commandRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  const refuseViewerClaim = (principal: Principal, res: Response, system: string) =>
    refuseViewer(pool, principal, res, {
      scope,
      path: `${base}/${system}`,
      reason: 'viewer claim',
      message: 'a viewer account cannot claim commands (needs an admin account or scope commands.manage)',
    });

  listRoute(host, {
    path: base,
    resource: 'commands',
    summary: 'List commands',
    tag,
    scope,
    item: commandSchema,
    list: { filters: commandFilters, sortable: SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await listCommands(pool, query);
      return { rows: rows.map(toCommandDto), total };
    },
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Create a command (whitelist-checked; idempotency_key replays the first one)',
    description:
      'Not whitelisted, or params that do not type-check: 422 with `errors` keyed `params.<name>`. ' +
      'An idempotency_key already used: the existing command with header `Idempotent-Replayed: true` when ' +
      'system, action and params are the same, 409 otherwise. delivery_mode push: never claimable by polling; ' +
      'the command.created message (to subscriptions) delivers it, and the receiver (n8n) reports back through ' +
      '/complete and /fail.',
    tag,
    scope,
    body: createBody,
    response: commandSchema,
    handler: async ({ body, principal, res }) => {
      const { command, replayed } = await service.create(pool, body, principal, auditActor(res, scope));
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      return command;
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a command by UUID — or poll: GET /api/v1/commands/{SYSTEM} claims due commands of that system',
    description:
      'With a command UUID: that command, with the follow-ups its rules refused (`rule_refusals`). ' +
      'With a system name (letters, digits, _; upper-cased): the SPEC poll path — PROCESSING commands of the system ' +
      'past their timeout are reset first (PENDING while attempts ≤ max_retries, else FAILED), then up to `limit` ' +
      '(default 10, at most 100) due PENDING poll-mode commands are claimed for the caller (PROCESSING, ' +
      'claimed_by = the caller) and returned as an array, oldest first; with `host`, only commands whose ' +
      "params.host equals it (each host's agent polls HEALING?host=<its name>). Concurrent pollers never receive " +
      'the same command. Claiming is a change: console viewers get a 403.',
    tag,
    scope,
    params: idOrSystemParams,
    query: claimQuery,
    response: z.union([commandDetailSchema, z.array(commandSchema)]),
    handler: async ({ params, query, principal, res }) => {
      if (params.id.kind === 'id') return service.getDetail(pool, params.id.id);
      await refuseViewerClaim(principal, res, params.id.system);
      return service.claim(pool, params.id.system, principal, query.limit, auditActor(res, scope), query.host);
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/complete`,
    summary: 'Callback: the target completed the command (PROCESSING, from its claimer; push: also PENDING)',
    description: 'Any other status is a 409 naming it. Fires the rules for COMPLETED.',
    tag,
    scope,
    params: idParams,
    body: completeBody,
    response: commandDetailSchema,
    handler: ({ params, body, principal, res }) =>
      service.complete(pool, params.id, body.result, principal, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/fail`,
    summary: 'Callback: the target failed the command; retry:true puts it back after a backoff while retries are left',
    description:
      'retry and attempts ≤ max_retries: PENDING with available_at = now + exponential backoff with full jitter ' +
      '(not claimable before); otherwise FAILED. Only from PROCESSING (push: also PENDING); 409 otherwise.',
    tag,
    scope,
    params: idParams,
    body: failBody,
    response: commandDetailSchema,
    handler: ({ params, body, principal, res }) =>
      service.fail(pool, params.id, body, principal, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/manual-complete`,
    summary: 'Operator: mark a PENDING, PROCESSING or FAILED command COMPLETED (reason required, audited)',
    tag,
    scope: admin,
    params: idParams,
    body: manualCompleteBody,
    response: commandDetailSchema,
    handler: ({ params, body, res }) => service.manualComplete(pool, params.id, body, auditActor(res, admin)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/manual-fail`,
    summary: 'Operator: mark a PENDING or PROCESSING command FAILED (reason required, audited)',
    tag,
    scope: admin,
    params: idParams,
    body: manualFailBody,
    response: commandDetailSchema,
    handler: ({ params, body, res }) => service.manualFail(pool, params.id, body, auditActor(res, admin)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/resend`,
    summary: 'Operator: put a COMPLETED or FAILED command back to PENDING, same id, fresh attempts (reason required)',
    description:
      'Re-checked against the whitelist (422 when no longer allowed). The previous outcome stays in the audit log. ' +
      'Announced as command.pending (push receivers subscribe to command.created and command.pending).',
    tag,
    scope: admin,
    params: idParams,
    body: resendBody,
    response: commandDetailSchema,
    handler: ({ params, body, res }) => service.resend(pool, params.id, body, auditActor(res, admin)),
  });
}
