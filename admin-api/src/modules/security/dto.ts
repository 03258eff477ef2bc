// An incident as the API shows it (GET /api/v1/security-incidents and the data of the
// `security.incident` event, which repo.ts emits when one is raised).
import type { IncidentRecord } from './repo.ts';
import type { IncidentDto } from './schemas.ts';

export function toDto(r: IncidentRecord): IncidentDto {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    ip: r.ip,
    actor_type: r.actor_type,
    actor_id: r.actor_id,
    actor_label: r.actor_label,
    details: r.details,
    occurred_at: r.occurred_at.toISOString(),
    open: r.acknowledged_at === null,
    acknowledged_at: r.acknowledged_at?.toISOString() ?? null,
    acknowledged_by: r.acknowledged_by,
  };
}
