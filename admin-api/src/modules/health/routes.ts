import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { createHealthReporter } from './service.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  const report = createHealthReporter(ctx);
  router.get('/health', async (_req, res) => {
    const body = await report();
    res
      .status(body.status === 'unavailable' ? 503 : 200)
      .set('Cache-Control', 'no-store')
      .json(body);
  });
  return router;
}
