// The command record as the API shows it and as command.* messages carry it in `data`: one
// select list and one mapping, so a command looks the same in lists, reads, claims and events.
import type { CommandDto } from './schemas.ts';

export type CommandRow = {
  id: string;
  system: string;
  action: string;
  params: Record<string, unknown>;
  status: string;
  attempts: number;
  max_retries: number;
  timeout_seconds: number;
  available_at: Date;
  claimed_by: string | null;
  claimed_at: Date | null;
  last_error: string | null;
  result: unknown;
  idempotency_key: string | null;
  source: string;
  created_by: string | null;
  source_event_id: string | null;
  parent_command_id: string | null;
  rule_id: string | null;
  chain_depth: number;
  delivery_mode: string;
  completed_at: Date | null;
  failed_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const FIELDS = [
  'id',
  'system',
  'action',
  'params',
  'status',
  'attempts',
  'max_retries',
  'timeout_seconds',
  'available_at',
  'claimed_by',
  'claimed_at',
  'last_error',
  'result',
  'idempotency_key',
  'source',
  'created_by',
  'source_event_id',
  'parent_command_id',
  'rule_id',
  'chain_depth',
  'delivery_mode',
  'completed_at',
  'failed_at',
  'created_at',
  'updated_at',
] as const;

/** The select list over alias `c` (or bare, for RETURNING). */
export const commandColumns = (alias?: string) => FIELDS.map((f) => (alias ? `${alias}.${f}` : f)).join(', ');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCommandDto(row: CommandRow): CommandDto {
  return {
    id: row.id,
    system: row.system,
    action: row.action,
    params: row.params,
    status: row.status as CommandDto['status'],
    attempts: row.attempts,
    max_retries: row.max_retries,
    timeout_seconds: row.timeout_seconds,
    available_at: row.available_at.toISOString(),
    claimed_by: row.claimed_by,
    claimed_at: iso(row.claimed_at),
    last_error: row.last_error,
    result: row.result ?? null,
    idempotency_key: row.idempotency_key,
    source: row.source,
    created_by: row.created_by,
    source_event_id: row.source_event_id,
    parent_command_id: row.parent_command_id,
    rule_id: row.rule_id,
    chain_depth: row.chain_depth,
    delivery_mode: row.delivery_mode as CommandDto['delivery_mode'],
    completed_at: iso(row.completed_at),
    failed_at: iso(row.failed_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
