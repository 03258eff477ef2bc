// SQL for saved links.
import type pg from 'pg';
import { listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { commonFilterSql, fullTextSearch } from '../notes/shared.ts';
import type { SavedLinkInput } from './schemas.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SavedLinkRow = {
  id: string;
  url: string;
  description: string | null;
  tags: string[];
  source: string;
  source_ref: string | null;
  event_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'l.id, l.url, l.description, l.tags, l.source, l.source_ref, l.event_id, l.created_at, l.updated_at';

export const SORTABLE = ['created_at', 'updated_at', 'url'];

const listTable: ListTable = {
  from: 'saved_links l',
  columns: COLUMNS,
  idColumn: 'l.id',
  search: fullTextSearch('l', 'l.url', 'l.description'),
  filters: commonFilterSql('l'),
  sortColumns: { created_at: 'l.created_at', updated_at: 'l.updated_at', url: 'l.url' },
};

export const listSavedLinks = (db: Queryable, query: ListQuery) => listRows<SavedLinkRow>(db, listTable, query);

export async function getSavedLink(db: Queryable, id: string, forUpdate = false): Promise<SavedLinkRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<SavedLinkRow>(`SELECT ${COLUMNS} FROM saved_links l WHERE l.id = $1${lock}`, [id])).rows[0];
}

const values = (l: SavedLinkInput) => [l.url, l.description, l.tags, l.source, l.source_ref, l.event_id];

export async function insertSavedLink(db: Queryable, l: SavedLinkInput): Promise<SavedLinkRow> {
  const result = await db.query<SavedLinkRow>(
    `INSERT INTO saved_links AS l (url, description, tags, source, source_ref, event_id)
     VALUES ($1, $2, $3::text[], $4, $5, $6) RETURNING ${COLUMNS}`,
    values(l),
  );
  return result.rows[0]!;
}

export async function updateSavedLink(db: Queryable, id: string, l: SavedLinkInput): Promise<SavedLinkRow | undefined> {
  const result = await db.query<SavedLinkRow>(
    `UPDATE saved_links AS l SET url = $2, description = $3, tags = $4::text[], source = $5, source_ref = $6,
       event_id = $7 WHERE l.id = $1 RETURNING ${COLUMNS}`,
    [id, ...values(l)],
  );
  return result.rows[0];
}

export async function deleteSavedLink(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM saved_links WHERE id = $1', [id]);
}
