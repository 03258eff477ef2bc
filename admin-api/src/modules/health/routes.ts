import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { healthReport } from './service.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await healthReport(ctx.pool, {
      version: ctx.version,
      startedAt: ctx.startedAt,
      dbTimeoutMs: ctx.config.healthDbTimeoutMs,
    });
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}
