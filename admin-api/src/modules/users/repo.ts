// SQL for console users (admin_users). The password hash is read only by the functions that
// need it for a check (login, password change) and is never part of a UserRecord.
import type pg from 'pg';
import { filterSql, ilikeSearch, listRows, type ListTable } from '../../db/list-sql.ts';
import type { ListQuery } from '../../http/list-query.ts';

export type Role = 'admin' | 'viewer';

/** What the API shows. */
export type UserRecord = {
  id: string;
  email: string;
  display_name: string | null;
  role: Role;
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  last_login_ip: string | null;
  password_changed_at: Date;
  created_at: Date;
  updated_at: Date;
};

/** What login needs. */
export type LoginRow = UserRecord & { password_hash: string };

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

const RECORD_COLUMNS = `u.id, u.email::text AS email, u.display_name, u.role, u.must_change_password,
  u.failed_attempts, u.locked_until, u.last_login_at, host(u.last_login_ip) AS last_login_ip,
  u.password_changed_at, u.created_at, u.updated_at`;

const listTable: ListTable = {
  from: 'admin_users u',
  columns: RECORD_COLUMNS,
  idColumn: 'u.id',
  search: ilikeSearch('u.email::text', 'u.display_name'),
  filters: { role: filterSql.equals('u.role') },
  sortColumns: {
    email: 'u.email',
    display_name: 'u.display_name',
    role: 'u.role',
    created_at: 'u.created_at',
    last_login_at: 'u.last_login_at',
  },
};

export function listUsers(db: Queryable, query: ListQuery) {
  return listRows<UserRecord>(db, listTable, query);
}

export async function getUser(db: Queryable, id: string, forUpdate = false): Promise<UserRecord | undefined> {
  const result = await db.query<UserRecord>(
    `SELECT ${RECORD_COLUMNS} FROM admin_users u WHERE u.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

/** email is citext: the lookup is case-insensitive. */
export async function findForLogin(db: Queryable, email: string): Promise<LoginRow | undefined> {
  const result = await db.query<LoginRow>(
    `SELECT ${RECORD_COLUMNS}, u.password_hash FROM admin_users u WHERE u.email = $1`,
    [email],
  );
  return result.rows[0];
}

export async function insertUser(
  db: Queryable,
  user: { email: string; displayName: string | null; role: Role; passwordHash: string; mustChangePassword: boolean },
): Promise<UserRecord> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO admin_users (email, display_name, role, password_hash, must_change_password)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [user.email, user.displayName, user.role, user.passwordHash, user.mustChangePassword],
  );
  const id = result.rows[0]!.id;
  await db.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [id, user.passwordHash]);
  return (await getUser(db, id))!;
}

export async function updateUser(
  db: Queryable,
  id: string,
  fields: { email: string; displayName: string | null; role: Role },
): Promise<UserRecord | undefined> {
  const result = await db.query('UPDATE admin_users SET email = $2, display_name = $3, role = $4 WHERE id = $1', [
    id,
    fields.email,
    fields.displayName,
    fields.role,
  ]);
  return result.rowCount ? getUser(db, id) : undefined;
}

export async function deleteUser(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM admin_users WHERE id = $1', [id]);
}

export async function emailTaken(db: Queryable, email: string, exceptId?: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM admin_users WHERE email = $1 AND id IS DISTINCT FROM $2', [
    email,
    exceptId ?? null,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function countAdmins(db: Queryable): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_users WHERE role = 'admin'`);
  return result.rows[0]!.n;
}

export async function unlockUser(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE admin_users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [id]);
}

export async function passwordHashOf(db: Queryable, id: string, forUpdate = false): Promise<string | undefined> {
  const result = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM admin_users WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0]?.password_hash;
}

export async function recentPasswordHashes(db: Queryable, id: string, depth: number): Promise<string[]> {
  const result = await db.query<{ password_hash: string }>(
    'SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2',
    [id, depth],
  );
  return result.rows.map((r) => r.password_hash);
}

/** New password: store it, remember it in the history (pruned to `depth`), clear must-change. */
export async function setPassword(db: Queryable, id: string, hash: string, depth: number): Promise<void> {
  await db.query(
    `UPDATE admin_users SET password_hash = $2, password_changed_at = now(), must_change_password = false
      WHERE id = $1`,
    [id, hash],
  );
  await db.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [id, hash]);
  await db.query(
    `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN (
       SELECT id FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2)`,
    [id, depth],
  );
}
