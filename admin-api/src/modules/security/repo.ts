// SQL for security incidents. raiseIncident() is the one way incidents are recorded: it can
// suppress duplicates (the same kind for the same IP / actor / details within a window)
// under a transaction-scoped advisory lock, so concurrent detectors cannot both insert.
// Every incident raised is also announced as a `security.incident` event in the same
// transaction (subscribers such as n8n's Chronos Trigger alert on it).
import type pg from 'pg';
import { emitEvent } from '../outbox/emit.ts';
import { toDto } from './dto.ts';
import { filterSql, ilikeSearch, listRows, SqlParams, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type IncidentRecord = {
  id: string;
  kind: string;
  severity: Severity;
  ip: string | null;
  actor_type: string | null;
  actor_id: string | null;
  actor_label: string | null;
  details: Record<string, unknown>;
  occurred_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
};

export type NewIncident = {
  kind: string;
  severity: Severity;
  ip?: string | null;
  actorType?: string | null;
  actorId?: string | null;
  actorLabel?: string | null;
  details?: Record<string, unknown>;
};

/** Skip the insert when a matching incident exists within `windowSec` (only unacknowledged ones if `openOnly`). */
export type Dedupe = {
  windowSec: number;
  openOnly?: boolean;
  by: Array<'ip' | 'actor_id'>;
  /** Also require these details (jsonb containment). */
  details?: Record<string, unknown>;
};

const COLUMNS = `s.id, s.kind, s.severity, host(s.ip) AS ip, s.actor_type, s.actor_id, s.actor_label, s.details,
  s.occurred_at, s.acknowledged_at, s.acknowledged_by`;

// Advisory lock namespace of incident de-duplication (two-int form; 0003 uses a bigint key).
const LOCK_CLASS = 742027;

/** Inserts an incident unless `dedupe` finds a matching one; returns null when suppressed. */
export async function raiseIncident(
  client: pg.ClientBase,
  incident: NewIncident,
  dedupe?: Dedupe,
): Promise<IncidentRecord | null> {
  const values = [
    incident.kind,
    incident.severity,
    incident.ip ?? null,
    incident.actorType ?? null,
    incident.actorId ?? null,
    incident.actorLabel ?? null,
    JSON.stringify(incident.details ?? {}),
  ];
  if (dedupe) {
    const lockKey = [incident.kind, ...dedupe.by.map((f) => (f === 'ip' ? incident.ip : incident.actorId))].join('|');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, lockKey]);
    const params = new SqlParams();
    const where = [
      `s.kind = ${params.add(incident.kind)}`,
      `s.occurred_at > now() - make_interval(secs => ${params.add(dedupe.windowSec)})`,
      ...(dedupe.openOnly ? ['s.acknowledged_at IS NULL'] : []),
      ...dedupe.by.map((f) =>
        f === 'ip'
          ? `s.ip IS NOT DISTINCT FROM ${params.add(incident.ip ?? null)}::inet`
          : `s.actor_id IS NOT DISTINCT FROM ${params.add(incident.actorId ?? null)}`,
      ),
      ...(dedupe.details ? [`s.details @> ${params.add(JSON.stringify(dedupe.details))}::jsonb`] : []),
    ];
    const existing = await client.query(
      `SELECT 1 FROM security_incidents s WHERE ${where.join(' AND ')} LIMIT 1`,
      params.values,
    );
    if (existing.rowCount) return null;
  }
  const result = await client.query<IncidentRecord>(
    `INSERT INTO security_incidents AS s (kind, severity, ip, actor_type, actor_id, actor_label, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING ${COLUMNS}`,
    values,
  );
  const raised = result.rows[0]!;
  await emitEvent(client, {
    type: 'security.incident',
    entity: { kind: 'security_incident', id: raised.id },
    data: toDto(raised),
  });
  return raised;
}

const listTable: ListTable = {
  from: 'security_incidents s',
  columns: COLUMNS,
  idColumn: 's.id',
  search: ilikeSearch('s.kind', 's.actor_label', 'host(s.ip)'),
  filters: {
    kind: filterSql.oneOf('s.kind'),
    severity: filterSql.oneOf('s.severity'),
    ip: (value: never, params) => `s.ip = ${params.add(value)}::inet`,
    open: (value: never) => ((value as boolean) ? 's.acknowledged_at IS NULL' : 's.acknowledged_at IS NOT NULL'),
    from: filterSql.from('s.occurred_at'),
    to: filterSql.until('s.occurred_at'),
  },
  sortColumns: {
    occurred_at: 's.occurred_at',
    kind: 's.kind',
    severity: `array_position(ARRAY['low','medium','high','critical'], s.severity)`,
    acknowledged_at: 's.acknowledged_at',
  },
};

export function listIncidents(db: Queryable, query: ListQuery) {
  return listRows<IncidentRecord>(db, listTable, query);
}

export async function getIncident(db: Queryable, id: string, forUpdate = false): Promise<IncidentRecord | undefined> {
  const result = await db.query<IncidentRecord>(
    `SELECT ${COLUMNS} FROM security_incidents s WHERE s.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function acknowledge(db: Queryable, id: string, userId: string | null): Promise<IncidentRecord> {
  const result = await db.query<IncidentRecord>(
    `UPDATE security_incidents s SET acknowledged_at = now(), acknowledged_by = $2 WHERE s.id = $1 RETURNING ${COLUMNS}`,
    [id, userId],
  );
  return result.rows[0]!;
}
