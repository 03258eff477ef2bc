// SQL for settings rows. Secrets reach this layer only as ciphertext.
import type pg from 'pg';
import type { SealedBox } from '../../crypto/secret-box.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export type SettingRow = {
  id: string;
  category: string;
  description: string | null;
  value: Record<string, unknown>;
  secret_ciphertext: Buffer | null;
  secret_nonce: Buffer | null;
  secret_key_id: string | null;
  secret_updated_at: Date | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, category, description, value, secret_ciphertext, secret_nonce, secret_key_id, secret_updated_at,
  updated_by, created_at, updated_at`;

export async function getSetting(db: Queryable, id: string, forUpdate = false): Promise<SettingRow | undefined> {
  return (
    await db.query<SettingRow>(`SELECT ${COLUMNS} FROM settings WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
}

export async function allSettings(db: Queryable, ids: string[]): Promise<SettingRow[]> {
  return (await db.query<SettingRow>(`SELECT ${COLUMNS} FROM settings WHERE id = ANY($1::text[])`, [ids])).rows;
}

/** Inserts or replaces a row. `box` undefined keeps the stored secret, null removes it. */
export async function upsertSetting(
  db: Queryable,
  row: { id: string; category: string; description: string; value: Record<string, unknown>; updatedBy: string | null },
  box: SealedBox | null | undefined,
): Promise<void> {
  const keep = box === undefined;
  await db.query(
    `INSERT INTO settings (id, category, description, value, secret_ciphertext, secret_nonce, secret_key_id,
       secret_updated_at, updated_by)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, CASE WHEN $5::bytea IS NULL THEN NULL ELSE now() END, $8)
     ON CONFLICT (id) DO UPDATE SET
       category = EXCLUDED.category, description = EXCLUDED.description, value = EXCLUDED.value,
       updated_by = EXCLUDED.updated_by,
       secret_ciphertext = CASE WHEN $9 THEN settings.secret_ciphertext ELSE EXCLUDED.secret_ciphertext END,
       secret_nonce = CASE WHEN $9 THEN settings.secret_nonce ELSE EXCLUDED.secret_nonce END,
       secret_key_id = CASE WHEN $9 THEN settings.secret_key_id ELSE EXCLUDED.secret_key_id END,
       secret_updated_at = CASE WHEN $9 THEN settings.secret_updated_at ELSE now() END`,
    [
      row.id,
      row.category,
      row.description,
      JSON.stringify(row.value),
      box?.ciphertext ?? null,
      box?.nonce ?? null,
      box?.keyId ?? null,
      row.updatedBy,
      keep,
    ],
  );
}

export async function deleteSetting(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query('DELETE FROM settings WHERE id = $1', [id])).rowCount ?? 0) > 0;
}
