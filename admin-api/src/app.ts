// Builds the Express application. No listening here (server.ts does that), so tests can
// mount the same app on an ephemeral port or call it in-process.
import express from 'express';
import type { AppContext } from './context.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { requestLog } from './http/request-log.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { metricsRoutes } from './modules/metrics/routes.ts';

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLog(ctx.logger, ctx.metrics));
  app.use(express.json({ limit: '1mb' }));

  app.use(healthRoutes(ctx));
  app.use(metricsRoutes(ctx.metrics));
  app.use('/api/auth', authRoutes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
