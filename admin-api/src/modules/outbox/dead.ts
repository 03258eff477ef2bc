// `outbox.dead`: announced when the relay gives up on a row (its last attempt failed, a
// permanent failure, or a poison row that never finished), in the relay's own transaction
// that marks the row dead — so the event exists if and only if the row is dead.
//
// Loop guard: a row that is itself an `outbox.dead` announcement never announces its own
// death (a broken receiver of outbox.dead would otherwise feed itself forever).
import type pg from 'pg';
import { emitEvent } from './emit.ts';

export const OUTBOX_DEAD = 'outbox.dead';

export type DeadRow = {
  id: string;
  event_type: string;
  channel: string;
  target: string | null;
  subscription_id: string | null;
  idempotency_key: string;
  attempts: number;
  error: string | null;
  status_code: number | null;
  /** Why it died: the last allowed attempt failed, the channel said it can never work, or poison. */
  reason: 'max_attempts' | 'failed' | 'poison';
};

/** Emits one outbox.dead event per row (skipping outbox.dead rows); returns how many. */
export async function emitDead(client: pg.ClientBase, rows: DeadRow[]): Promise<number> {
  let emitted = 0;
  for (const row of rows) {
    if (row.event_type === OUTBOX_DEAD) continue;
    // The payload stays out: it may be large (mail attachments) or personal (message texts).
    await emitEvent(client, {
      type: OUTBOX_DEAD,
      entity: { kind: 'outbox', id: row.id },
      data: {
        outbox_id: row.id,
        event_type: row.event_type,
        channel: row.channel,
        target: row.target,
        subscription_id: row.subscription_id,
        idempotency_key: row.idempotency_key,
        attempts: row.attempts,
        error: row.error,
        status_code: row.status_code,
        reason: row.reason,
      },
    });
    emitted++;
  }
  return emitted;
}
