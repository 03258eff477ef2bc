// Telegram routes: the inbound webhook Telegram calls (public; authenticated by its secret
// token header) and the webhook configuration for admins (scope integrations.manage).
import { auditActor } from '../../http/principal.ts';
import { route, type RouteHost } from '../../http/route.ts';
import {
  setWebhookBody,
  updateSchema,
  webhookAnswer,
  webhookDeletedSchema,
  webhookInfoSchema,
  webhookSetSchema,
} from './schemas.ts';
import { receiveUpdate } from './webhook.ts';
import { deleteWebhook, setWebhook, webhookInfo } from './webhook-config.ts';

const tag = 'telegram';
const scope = 'integrations.manage' as const;
const config = '/api/v1/telegram/webhook';

export function telegramRoutes(host: RouteHost): void {
  const { ctx } = host;
  const deps = { pool: ctx.pool, key: ctx.config.encryptionKey };

  route(host, {
    method: 'post',
    path: '/telegram/webhook',
    summary: 'Receive a Telegram update (called by Telegram)',
    description:
      'Requires the X-Telegram-Bot-Api-Secret-Token header set up by POST /api/v1/telegram/webhook (401 otherwise). ' +
      'Each update_id is handled once; replies are queued in the outbox.',
    tag,
    scope: 'public',
    // Parsed inside, after the secret check: an unauthenticated caller learns nothing from a 400.
    response: webhookAnswer,
    handler: ({ req }) => receiveUpdate(ctx, req),
  });
  // Document the body the handler validates (route() would validate before the secret check).
  const last = host.registry.definitions.at(-1);
  if (last?.type === 'route')
    last.route.request = { body: { content: { 'application/json': { schema: updateSchema } } } };

  route(host, {
    method: 'post',
    path: config,
    summary: "Point the bot's Telegram webhook at this API (new secret token)",
    tag,
    scope,
    body: setWebhookBody,
    response: webhookSetSchema,
    handler: ({ body, res }) => setWebhook(deps, body, auditActor(res, scope)),
  });

  route(host, {
    method: 'get',
    path: config,
    summary: "The bot's webhook as Telegram reports it (getWebhookInfo)",
    tag,
    scope,
    response: webhookInfoSchema,
    handler: () => webhookInfo(deps),
  });

  route(host, {
    method: 'delete',
    path: config,
    summary: "Remove the bot's webhook at Telegram and forget its secret",
    tag,
    scope,
    response: webhookDeletedSchema,
    handler: ({ res }) => deleteWebhook(deps, auditActor(res, scope)),
  });
}
