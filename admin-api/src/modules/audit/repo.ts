// Writing to the audit log. Rows are appended only through the database's audit_append(),
// which continues the hash chain under an advisory lock held until the transaction ends —
// so call this last in a transaction, right before COMMIT (see migrations/0003_audit_log.sql).
import type pg from 'pg';
import { named } from '../../db/named.ts';

export type ActorType = 'user' | 'api_key' | 'system' | 'telegram' | 'webhook' | 'ingest' | 'anonymous';

export type AuditEntry = {
  actorType: ActorType;
  actorId?: string | null;
  actorLabel?: string | null;
  scope?: string | null;
  entity: string;
  entityId?: string | null;
  action: string;
  oldValue?: unknown;
  newValue?: unknown;
  ip?: string | null;
  userAgent?: string | null;
  riskScore?: number;
  success?: boolean;
  details?: Record<string, unknown> | null;
};

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export async function appendAudit(client: pg.ClientBase, entry: AuditEntry): Promise<{ seq: string; id: string }> {
  const result = await client.query<{ seq: string; id: string }>(
    named(
      `SELECT (a).seq, (a).id FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::inet, $11, $12, $13, $14::jsonb) AS a`,
      [
        entry.actorType,
        entry.actorId ?? null,
        entry.actorLabel ?? null,
        entry.scope ?? null,
        entry.entity,
        entry.entityId ?? null,
        entry.action,
        json(entry.oldValue),
        json(entry.newValue),
        entry.ip ?? null,
        entry.userAgent ?? null,
        entry.riskScore ?? 0,
        entry.success ?? true,
        json(entry.details),
      ],
    ),
  );
  return result.rows[0]!;
}
