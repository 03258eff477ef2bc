// A few GET routes are not plain reads — claiming commands changes them, a backup download hands
// out the whole database — so the "viewers may GET everything" rule of route() does not fit
// them. They call this: a console viewer gets a 403 and the refusal is audited like any other
// access denial; admins and API keys (already scope-checked by route()) pass.
import type { Response } from 'express';
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import { appendAudit } from '../modules/audit/repo.ts';
import type { Scope } from '../modules/api-keys/scopes.ts';
import { auditActor, type Principal } from './principal.ts';
import { forbidden } from './problem.ts';

export async function refuseViewer(
  pool: pg.Pool,
  principal: Principal,
  res: Response,
  refusal: { scope: Scope; path: string; reason: string; message: string },
): Promise<void> {
  if (principal.type !== 'user' || principal.role === 'admin') return;
  await withTransaction(pool, (client) =>
    appendAudit(client, {
      ...auditActor(res, refusal.scope),
      entity: 'access',
      entityId: null,
      action: 'access_denied',
      success: false,
      riskScore: 40,
      details: { method: 'GET', path: refusal.path, reason: refusal.reason },
    }),
  );
  throw forbidden(refusal.message);
}
