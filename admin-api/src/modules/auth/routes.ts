import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { authenticate, type Principal } from '../../http/authenticate.ts';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  // Who am I: used by the n8n credential test and by the console after login.
  router.get('/me', authenticate(ctx), (_req, res) => {
    const principal = res.locals.principal as Principal;
    res.json({ type: principal.type, id: principal.id, name: principal.name, scopes: principal.scopes });
  });
  return router;
}
