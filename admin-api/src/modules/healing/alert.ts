// health.alert (a new detection of severity warning or critical, or one that got worse) and
// health.resolved (such a detection cleared): the messages n8n's alerting workflows subscribe
// to. Written to the outbox in the caller's transaction, like every other event.
import type pg from 'pg';
import { emitEvent } from '../outbox/emit.ts';
import type { HealthEventRow } from './events-repo.ts';
import { toEventDto } from './record.ts';

export async function emitAlert(client: pg.ClientBase, row: HealthEventRow, escalated = false): Promise<void> {
  await emitEvent(client, {
    type: 'health.alert',
    entity: { kind: 'health_event', id: row.id },
    data: { ...toEventDto(row), escalated },
  });
}

export async function emitResolved(client: pg.ClientBase, row: HealthEventRow): Promise<void> {
  await emitEvent(client, {
    type: 'health.resolved',
    entity: { kind: 'health_event', id: row.id },
    data: toEventDto(row),
  });
}
