// Reading workflow_installs for the console. The import tooling writes the table itself
// (scripts/lib/workflow-installs.ts) together with its audit rows.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { WorkflowInstallDto } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

type WorkflowInstallRow = Omit<WorkflowInstallDto, 'n8n_updated_at' | 'imported_at' | 'created_at' | 'updated_at'> & {
  n8n_updated_at: Date | null;
  imported_at: Date;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `w.workflow_id AS id, w.workflow_key, w.name, w.version, w.content_hash, w.n8n_content_hash,
  w.n8n_version_id, w.n8n_updated_at, w.active, w.file_name, w.imported_at, w.imported_by, w.created_at, w.updated_at`;

const listTable: ListTable = {
  from: 'workflow_installs w',
  columns: COLUMNS,
  idColumn: 'w.workflow_id',
  search: ilikeSearch('w.workflow_key', 'w.name'),
  filters: {
    workflow_key: filterSql.oneOf('w.workflow_key'),
    active: filterSql.equals('w.active'),
  },
  sortColumns: {
    workflow_key: 'w.workflow_key',
    name: 'w.name',
    version: 'w.version',
    imported_at: 'w.imported_at',
  },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDto(row: WorkflowInstallRow): WorkflowInstallDto {
  return {
    ...row,
    n8n_updated_at: iso(row.n8n_updated_at),
    imported_at: row.imported_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function listWorkflowInstalls(db: Queryable, query: ListQuery) {
  const { rows, total } = await listRows<WorkflowInstallRow>(db, listTable, query);
  return { rows: rows.map(toDto), total };
}
