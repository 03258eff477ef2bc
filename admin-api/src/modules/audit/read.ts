// Reading the audit log: the list resource and single records. Hashes leave as hex; seq
// (bigint) is parsed to a number (2^53 rows is not a practical concern).
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { AuditRecordDto } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

type AuditRow = Omit<AuditRecordDto, 'seq' | 'occurred_at'> & { seq: string; occurred_at: Date };

const COLUMNS = `a.id, a.seq, a.occurred_at, a.actor_type, a.actor_id, a.actor_label, a.scope, a.entity, a.entity_id,
  a.action, a.old_value, a.new_value, host(a.ip) AS ip, a.user_agent, a.risk_score, a.success, a.details,
  encode(a.prev_hash, 'hex') AS prev_hash, encode(a.row_hash, 'hex') AS row_hash`;

const listTable: ListTable = {
  from: 'audit_log a',
  columns: COLUMNS,
  idColumn: 'a.id',
  search: ilikeSearch('a.actor_label', 'a.entity', 'a.action'),
  filters: {
    actor_id: filterSql.equals('a.actor_id'),
    actor_type: filterSql.oneOf('a.actor_type'),
    entity: filterSql.oneOf('a.entity'),
    entity_id: filterSql.equals('a.entity_id'),
    action: filterSql.oneOf('a.action'),
    success: filterSql.equals('a.success'),
    from: filterSql.from('a.occurred_at'),
    to: filterSql.until('a.occurred_at'),
    min_risk: filterSql.from('a.risk_score'),
  },
  sortColumns: { seq: 'a.seq', occurred_at: 'a.occurred_at', risk_score: 'a.risk_score' },
};

export function toDto(row: AuditRow): AuditRecordDto {
  return { ...row, seq: Number(row.seq), occurred_at: row.occurred_at.toISOString() };
}

export async function listAudit(db: Queryable, query: ListQuery) {
  const { rows, total } = await listRows<AuditRow>(db, listTable, query);
  return { rows: rows.map(toDto), total };
}

export async function getAudit(db: Queryable, id: string): Promise<AuditRecordDto | undefined> {
  const result = await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log a WHERE a.id = $1`, [id]);
  return result.rows[0] && toDto(result.rows[0]);
}
