// One consistent view of the Chronos database for a backup: a REPEATABLE READ transaction
// exports its snapshot, which pg_dump then uses (`--snapshot`), so the row counts, schema
// version and audit head recorded in the metadata describe exactly the rows in the dump —
// a restore check can then demand equality, not "roughly the same". The configuration
// exports (settings without secrets, templates, whitelists, rules) are read in the same view.
import pg from 'pg';

export type TableInfo = { name: string; rows: number; bytes: number };
export type AuditHead = { seq: number; row_hash: string } | null;

export type Snapshot = {
  id: string;
  tables: TableInfo[];
  schemaVersion: number | null;
  auditHead: AuditHead;
  /** Configuration as JSON documents, keyed by file name inside the archive. */
  configFiles: Record<string, unknown>;
  /** Ends the transaction (after pg_dump has taken the snapshot, i.e. when it finished). */
  release(): Promise<void>;
};

const CONFIG_QUERIES: Record<string, string> = {
  // Settings: non-secret values only; which secrets exist, never their (encrypted) values.
  'config/settings.json': `SELECT id, category, description, value, secret_ciphertext IS NOT NULL AS has_secrets,
                                  updated_by, updated_at FROM settings ORDER BY id`,
  'config/templates.json': 'SELECT * FROM templates ORDER BY name, id',
  'config/whitelists.json': 'SELECT * FROM whitelists ORDER BY system, action, id',
  'config/rules.json': 'SELECT * FROM rules ORDER BY name, id',
};

export async function takeSnapshot(databaseUrl: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'chronos-backup-snapshot' });
  client.on('error', () => undefined); // a lost connection surfaces as a failed query
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const id = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const relations = await client.query<{ schema: string; name: string; bytes: string }>(
      `SELECT n.nspname AS schema, c.relname AS name, pg_table_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY n.nspname, c.relname`,
    );
    const tables: TableInfo[] = [];
    for (const r of relations.rows) {
      const qualified = `${pg.escapeIdentifier(r.schema)}.${pg.escapeIdentifier(r.name)}`;
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified}`);
      tables.push({ name: `${r.schema}.${r.name}`, rows: Number(count.rows[0]!.n), bytes: Number(r.bytes) });
    }
    const names = new Set(tables.map((t) => t.name));
    const schemaVersion = names.has('public.schema_migrations')
      ? Number((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!.v)
      : null;
    const head = names.has('public.audit_log')
      ? (
          await client.query<{ seq: string; row_hash: string }>(
            `SELECT seq, encode(row_hash, 'hex') AS row_hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
          )
        ).rows[0]
      : undefined;
    const configFiles: Record<string, unknown> = {};
    for (const [file, sql] of Object.entries(CONFIG_QUERIES)) {
      const table = `public.${file.slice('config/'.length, -'.json'.length)}`;
      if (names.has(table)) configFiles[file] = (await client.query(sql)).rows;
    }
    return {
      id,
      tables,
      schemaVersion: Number.isFinite(schemaVersion) ? schemaVersion : null,
      auditHead: head ? { seq: Number(head.seq), row_hash: head.row_hash } : null,
      configFiles,
      release: async () => {
        await client.query('COMMIT').catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}
