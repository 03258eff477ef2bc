// Builds the Express application. No listening here (server.ts does that), so tests can
// mount the same app on an ephemeral port or call it in-process.
import cors from 'cors';
import express, { Router } from 'express';
import type { AppContext } from './context.ts';
import { consoleRoutes } from './http/console.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { refuseNul } from './http/refuse-nul.ts';
import { requestLog } from './http/request-log.ts';
import type { RouteHost } from './http/route.ts';
import { apiKeyRoutes } from './modules/api-keys/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { eventTemplateRoutes } from './modules/event-templates/routes.ts';
import { eventRoutes } from './modules/events/routes.ts';
import { ingestReceiver, ingestRoutes } from './modules/ingest/index.ts';
import { outboxRoutes } from './modules/outbox/routes.ts';
import { schedulingRoutes } from './modules/scheduling/routes.ts';
import { ruleRoutes } from './modules/rules/routes.ts';
import { commandRoutes } from './modules/commands/routes.ts';
import { calendarRoutes } from './modules/calendars/routes.ts';
import { noteRoutes } from './modules/notes/routes.ts';
import { savedLinkRoutes } from './modules/saved-links/routes.ts';
import { subTaskRoutes } from './modules/sub-tasks/routes.ts';
import { eventLinkRoutes } from './modules/event-links/routes.ts';
import { securityRoutes } from './modules/security/routes.ts';
import { settingRoutes } from './modules/settings/routes.ts';
import { telegramRoutes } from './modules/telegram/routes.ts';
import { mailBodyParser, mailRoutes } from './modules/mail/routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/routes.ts';
import { backupRoutes } from './modules/backups/routes.ts';
import { keepRawBody } from './http/verify-webhook.ts';
import { templateRoutes } from './modules/templates/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { whitelistRoutes } from './modules/whitelists/routes.ts';
import { workflowInstallRoutes } from './modules/workflow-installs/routes.ts';
import { hostSampleRoutes } from './modules/host-samples/routes.ts';
import { healingRoutes } from './modules/healing/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { metricsRoutes } from './modules/metrics/routes.ts';
import { createApiRegistry } from './openapi/registry.ts';
import { docsRoutes } from './openapi/routes.ts';

/**
 * `extend` mounts extra routes next to the product's own (benchmarks compare a route with and
 * without authentication this way); production passes nothing.
 */
export function createApp(ctx: AppContext, extend?: (host: RouteHost) => void): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Needed behind a reverse proxy so req.ip (rate limits, audit) is the client, not the proxy.
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(requestLog(ctx.logger, ctx.metrics));
  app.use(
    cors({
      origin: ctx.config.corsOrigins.length ? ctx.config.corsOrigins : false,
      // ra-data-simple-rest reads the total from Content-Range.
      exposedHeaders: ['Content-Range', 'X-Total-Count', 'X-Request-Id'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Range', 'X-Request-Id'],
    }),
  );
  // Ingest has its own body parser and limit (INGEST_MAX_BYTES), so it comes first.
  app.use(ingestReceiver(ctx));
  // keepRawBody: signed webhooks are verified over the exact bytes (http/verify-webhook.ts).
  // POST /api/v1/mail takes up to 16 MB (base64 attachments); everything else 1 MB.
  app.use(mailBodyParser());
  app.use(express.json({ limit: '1mb', verify: keepRawBody }));
  app.use(refuseNul);

  app.use(healthRoutes(ctx));
  app.use(metricsRoutes(ctx.metrics));

  const registry = createApiRegistry();
  const api = Router();
  const host: RouteHost = { router: api, registry, ctx };
  authRoutes(host);
  userRoutes(host);
  apiKeyRoutes(host);
  auditRoutes(host);
  securityRoutes(host);
  templateRoutes(host);
  whitelistRoutes(host);
  ruleRoutes(host);
  commandRoutes(host);
  eventRoutes(host);
  ingestRoutes(host);
  outboxRoutes(host);
  schedulingRoutes(host);
  calendarRoutes(host);
  noteRoutes(host);
  savedLinkRoutes(host);
  subTaskRoutes(host);
  eventLinkRoutes(host);
  eventTemplateRoutes(host);
  settingRoutes(host);
  telegramRoutes(host);
  mailRoutes(host);
  subscriptionRoutes(host);
  hostSampleRoutes(host);
  healingRoutes(host);
  backupRoutes(host);
  workflowInstallRoutes(host);
  extend?.(host);
  app.use(api);
  app.use(docsRoutes(registry, ctx.version));
  app.use(consoleRoutes(ctx.config.consoleDir));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
