// Telegram routes: the inbound webhook Telegram calls (public; authenticated by its secret
// token header), the webhook configuration for admins and queueing a message (for workflows),
// both scope integrations.manage.
//
// Status codes of POST /api/v1/telegram/messages, as for mail: 202 queued; 200 finished (with
// wait) or a repeated idempotency key (header `Idempotent-Replayed: true`); with wait, 202
// when timeout_ms passed first.
import { auditActor } from '../../http/principal.ts';
import { route, type RouteHost } from '../../http/route.ts';
import {
  sendTelegramBody,
  setWebhookBody,
  telegramMessageSchema,
  updateSchema,
  webhookAnswer,
  webhookDeletedSchema,
  webhookInfoSchema,
  webhookSetSchema,
} from './schemas.ts';
import * as send from './send.ts';
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

  route(host, {
    method: 'post',
    path: '/api/v1/telegram/messages',
    summary: 'Queue a Telegram message (text or an event template); optionally wait for the outcome',
    description:
      '202 queued; 200 when finished (wait) or when the idempotency key was used before (nothing is sent again, ' +
      'header Idempotent-Replayed: true); with wait, 202 once timeout_ms has passed. 422 naming missing template variables.',
    tag,
    scope,
    body: sendTelegramBody,
    response: telegramMessageSchema,
    status: 202,
    handler: async ({ body, res }) => {
      const { message, created } = await send.queue(ctx.pool, body, auditActor(res, scope));
      let current = message;
      if (body.wait && !send.isFinished(current.status)) {
        // Stop polling when the caller hangs up (see the mail route).
        const gone = new AbortController();
        const onClose = () => gone.abort();
        res.once('close', onClose);
        try {
          current = await send.waitForOutcome(ctx.pool, message, { timeoutMs: body.timeout_ms, signal: gone.signal });
        } finally {
          res.off('close', onClose);
        }
      }
      const finished = send.isFinished(current.status);
      if (!created) res.setHeader('Idempotent-Replayed', 'true');
      res.status(finished || (!created && !body.wait) ? 200 : 202).json(current);
      return undefined;
    },
  });
}
