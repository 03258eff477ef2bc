// /api/v1/subscriptions (scope workflows.manage, for reading as well: the list names the URLs
// of every workflow receiving events), and POST /api/v1/webhooks/test/:subscriptionId, a
// public endpoint that checks a message signed with a subscription's secret — for receivers
// to test their signing setup, and the one real route demonstrating http/verify-webhook.ts.
import { withTransaction } from '../../db/pool.ts';
import { auditActor } from '../../http/principal.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { recordWebhookId, verifyWebhookRequest } from '../../http/verify-webhook.ts';
import { z } from '../../openapi/zod.ts';
import { SORTABLE } from './repo.ts';
import {
  createSubscriptionBody,
  idParams,
  rotateSecretBody,
  subscriptionFilters,
  subscriptionSchema,
  subscriptionWithSecretSchema,
  updateSubscriptionBody,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/subscriptions';
const tag = 'subscriptions';
const scope = 'workflows.manage' as const;

export function subscriptionRoutes(host: RouteHost): void {
  const { pool, config } = host.ctx;
  const key = config.encryptionKey;

  listRoute(host, {
    path: base,
    resource: 'subscriptions',
    summary: 'List subscriptions (never their secrets)',
    tag,
    scope,
    item: subscriptionSchema,
    list: { filters: subscriptionFilters, sortable: SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: (query) => service.list(pool, query),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a subscription (its secret only as "set")',
    tag,
    scope,
    params: idParams,
    response: subscriptionSchema,
    handler: async ({ params }) => service.toDto(await service.getOrThrow(pool, params.id)),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Register a webhook receiver; the same url again updates it (upsert) and returns its id',
    description:
      'New url: creates the subscription and returns its secret (generated unless given) in this response only. ' +
      'Existing url: replaces event_types, description and active (active:true clears disabled_reason and the ' +
      'failure count) and the secret only when one is given; `created` is false and `secret` stays "set" unless ' +
      'a new one was given. Use POST /{id}/rotate-secret to get a new secret.',
    tag,
    scope,
    body: createSubscriptionBody,
    response: subscriptionWithSecretSchema,
    handler: ({ body, res, principal }) => service.register(pool, key, body, auditActor(res, scope), principal),
  });

  route(host, {
    method: 'put',
    path: `${base}/:id`,
    summary: 'Replace a subscription (url, event_types, description, active; the secret is not changed here)',
    tag,
    scope,
    params: idParams,
    body: updateSubscriptionBody,
    response: subscriptionSchema,
    handler: ({ params, body, res }) => service.update(pool, params.id, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/rotate-secret`,
    summary: 'Replace the signing secret (given or generated); the new secret is in this response only',
    tag,
    scope,
    params: idParams,
    body: rotateSecretBody,
    response: subscriptionWithSecretSchema,
    handler: ({ params, body, res }) => service.rotateSecret(pool, key, params.id, body.secret, auditActor(res, scope)),
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete a subscription (its undelivered outbox rows are cancelled by the relay)',
    tag,
    scope,
    params: idParams,
    response: subscriptionSchema,
    handler: ({ params, res }) => service.remove(pool, params.id, auditActor(res, scope)),
  });

  webhookTestRoute(host);
}

const testParams = z.object({ subscriptionId: z.uuid('must be a UUID') });

function webhookTestRoute(host: RouteHost): void {
  const { pool, config } = host.ctx;
  route(host, {
    method: 'post',
    path: '/api/v1/webhooks/test/:subscriptionId',
    summary: "Check a Standard Webhooks message signed with a subscription's secret",
    description:
      'Verifies webhook-id, webhook-timestamp (±5 minutes) and webhook-signature over the raw JSON body, and ' +
      'records the webhook-id: the same id again is refused with 409. 401 names why a signature was refused.',
    tag: 'webhooks',
    scope: 'public',
    params: testParams,
    body: z.unknown().openapi({ description: 'Any JSON body; the signature covers its exact bytes' }),
    response: z.object({ ok: z.literal(true), id: z.string() }),
    handler: async ({ params, req }) => {
      const subscriptionId = params.subscriptionId;
      const verified = await verifyWebhookRequest(req, {
        secrets: async () => {
          const target = await service.deliveryTarget(pool, config.encryptionKey, subscriptionId);
          if (!target.found) throw notFound(`no subscription with id ${subscriptionId}`);
          if (target.secret === undefined)
            throw new HttpProblem(401, 'Unauthorized', {
              detail: 'the subscription secret cannot be read on this server',
            });
          return [target.secret];
        },
      });
      await withTransaction(pool, (client) => recordWebhookId(client, `subscription:${subscriptionId}`, verified.id));
      return { ok: true as const, id: verified.id };
    },
  });
}
