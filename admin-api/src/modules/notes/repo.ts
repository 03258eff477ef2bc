// SQL for notes.
import type pg from 'pg';
import { listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { NoteInput } from './schemas.ts';
import { commonFilterSql, fullTextSearch } from './shared.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type NoteRow = {
  id: string;
  text: string;
  tags: string[];
  source: string;
  source_ref: string | null;
  event_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'n.id, n.text, n.tags, n.source, n.source_ref, n.event_id, n.created_at, n.updated_at';

export const SORTABLE = ['created_at', 'updated_at'];

const listTable: ListTable = {
  from: 'notes n',
  columns: COLUMNS,
  idColumn: 'n.id',
  search: fullTextSearch('n', 'n.text'),
  filters: commonFilterSql('n'),
  sortColumns: { created_at: 'n.created_at', updated_at: 'n.updated_at' },
};

export const listNotes = (db: Queryable, query: ListQuery) => listRows<NoteRow>(db, listTable, query);

export async function getNote(db: Queryable, id: string, forUpdate = false): Promise<NoteRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  return (await db.query<NoteRow>(`SELECT ${COLUMNS} FROM notes n WHERE n.id = $1${lock}`, [id])).rows[0];
}

const values = (n: NoteInput) => [n.text, n.tags, n.source, n.source_ref, n.event_id];

export async function insertNote(db: Queryable, n: NoteInput): Promise<NoteRow> {
  const result = await db.query<NoteRow>(
    `INSERT INTO notes AS n (text, tags, source, source_ref, event_id) VALUES ($1, $2::text[], $3, $4, $5)
     RETURNING ${COLUMNS}`,
    values(n),
  );
  return result.rows[0]!;
}

export async function updateNote(db: Queryable, id: string, n: NoteInput): Promise<NoteRow | undefined> {
  const result = await db.query<NoteRow>(
    `UPDATE notes AS n SET text = $2, tags = $3::text[], source = $4, source_ref = $5, event_id = $6 WHERE n.id = $1
     RETURNING ${COLUMNS}`,
    [id, ...values(n)],
  );
  return result.rows[0];
}

export async function deleteNote(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM notes WHERE id = $1', [id]);
}
