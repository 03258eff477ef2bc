// Custom audit records written by workflows (POST /api/v1/audit, scope audit.write): one row
// in the same hash chain as every other change, with the calling API key as actor.
//
// Forgery guard: the caller's action is stored as `workflow.<action>`. System records never
// start with `workflow.`, so a workflow cannot write a row that reads as, say, an `api_key`
// `delete` by the system; and the actor is always the key, never what the body claims.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit } from './repo.ts';
import { getAudit } from './read.ts';
import type { AuditRecordDto, WriteAuditInput } from './schemas.ts';

export const WORKFLOW_ACTION_PREFIX = 'workflow.';

export async function writeWorkflowAudit(
  pool: pg.Pool,
  input: WriteAuditInput,
  actor: AuditActor,
): Promise<AuditRecordDto> {
  const { id } = await withTransaction(pool, (client) =>
    appendAudit(client, {
      ...actor,
      entity: input.entity,
      entityId: input.entity_id ?? null,
      action: `${WORKFLOW_ACTION_PREFIX}${input.action}`,
      details: input.details ?? null,
    }),
  );
  return (await getAudit(pool, id))!;
}
