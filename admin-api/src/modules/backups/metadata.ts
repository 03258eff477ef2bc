// backup_metadata.json (what is in the archive and how to check it) and
// RESTORE_INSTRUCTIONS.txt (how to get it back without Chronos running). The metadata is the
// last entry: it lists the size and SHA-256 of every entry before it, which are only known
// once they have been written.
import type { AuditHead, TableInfo } from './snapshot.ts';

export const METADATA_FILE = 'backup_metadata.json';
export const INSTRUCTIONS_FILE = 'RESTORE_INSTRUCTIONS.txt';
export const CHRONOS_DUMP = 'chronos.dump';
export const N8N_DUMP = 'n8n.dump';
export const GLOBALS_FILE = 'globals.sql';

export type BackupMetadata = {
  format: 1;
  backup_id: string;
  kind: string;
  chronos_version: string;
  schema_version: number | null;
  started_at: string;
  written_at: string;
  host: string;
  database: string;
  target: string;
  location: string;
  object_key: string;
  pg_dump: { version: string; compression_level: number };
  files: Record<string, { size: number; sha256: string }>;
  tables: Record<string, number>;
  audit_head: AuditHead;
  notes: string[];
};

export function tableCounts(tables: TableInfo[]): Record<string, number> {
  return Object.fromEntries(tables.map((t) => [t.name, t.rows]));
}

export function restoreInstructions(meta: {
  backup_id: string;
  database: string;
  schema_version: number | null;
  files: string[];
}): string {
  const has = (name: string) => meta.files.includes(name);
  return `Chronos backup ${meta.backup_id}
================================================================

Contents
  ${CHRONOS_DUMP}        pg_dump custom format of the Chronos database "${meta.database}"
${has(N8N_DUMP) ? `  ${N8N_DUMP}            pg_dump custom format of n8n's database\n` : ''}${has(GLOBALS_FILE) ? `  ${GLOBALS_FILE}         roles and tablespaces (pg_dumpall --globals-only --no-role-passwords)\n` : ''}  n8n-workflows/        the live n8n workflows, normalized (when n8n was configured)
  config/               settings (no secrets), templates, whitelists, rules as JSON
  ${METADATA_FILE}  versions, row counts per table, size and SHA-256 of every file

Check the archive first
  unzip -o backup.zip -d backup && cd backup
  sha256sum ${CHRONOS_DUMP}     # must equal files["${CHRONOS_DUMP}"].sha256 in ${METADATA_FILE}
  (or: npm run backup -- verify ${meta.backup_id})

Restore with Chronos (recommended)
  Into a scratch database with integrity checks, leaving the live one alone:
    npm run backup -- restore-check ${meta.backup_id}
  Over the live database (stops writes, restores into a new database, checks it, swaps it in,
  keeps the old one as <name>_before_restore_<timestamp>):
    npm run backup -- restore-live ${meta.backup_id} --confirm-live-restore
    npm run backup -- restore-live ./backup.zip --confirm-live-restore

Restore by hand
  1. Roles (if the server is new):  psql -d postgres -f ${GLOBALS_FILE}   (then set passwords)
  2. createdb chronos_restored
  3. pg_restore --no-owner --no-privileges --exit-on-error -d chronos_restored ${CHRONOS_DUMP}
  4. psql -d chronos_restored -c "SELECT * FROM audit_verify()"   (no row = the audit chain is intact)
     and compare "SELECT max(version) FROM schema_migrations" with schema_version.
  5. Stop admin-api, rename the databases (ALTER DATABASE ... RENAME TO ...), start admin-api
     with code that knows schema version ${meta.schema_version ?? '?'} or newer.
${has(N8N_DUMP) ? `  6. n8n: stop it, pg_restore ${N8N_DUMP} into an empty database, start n8n with the SAME\n     N8N_ENCRYPTION_KEY as before (credentials stay unreadable otherwise).\n` : ''}
Secrets
  Settings secrets and webhook secrets are in the dump encrypted with CHRONOS_ENCRYPTION_KEY:
  start admin-api with the same key after a restore, or enter those secrets again.
`;
}
