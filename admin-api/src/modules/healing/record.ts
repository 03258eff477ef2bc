// Rows of health_events and healing_actions as the API shows them (and as health.* messages
// carry them).
import type { HealingActionRow } from './actions-repo.ts';
import type { HealthEventRow } from './events-repo.ts';
import type { HealingActionDto, HealthEventDto } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toEventDto(row: HealthEventRow): HealthEventDto {
  return {
    id: row.id,
    host: row.host,
    kind: row.kind,
    severity: row.severity,
    metric: row.metric,
    value: row.value,
    threshold: row.threshold,
    details: row.details,
    occurred_at: row.occurred_at.toISOString(),
    last_seen_at: iso(row.last_seen_at),
    resolved_at: iso(row.resolved_at),
  };
}

export function toActionDto(row: HealingActionRow): HealingActionDto {
  return {
    id: row.id,
    host: row.host,
    action: row.action,
    target: row.target,
    params: row.params,
    reason: row.reason,
    health_event_id: row.health_event_id,
    command_id: row.command_id,
    status: row.status,
    dry_run: row.dry_run,
    outcome: row.outcome,
    output: row.output,
    requested_by: row.requested_by,
    requested_at: row.requested_at.toISOString(),
    finished_at: iso(row.finished_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
