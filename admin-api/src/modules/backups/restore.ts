// Restoring the Chronos dump of an archive into a new database and checking it, shared by the
// restore check (a scratch database, dropped afterwards) and the live restore (CLI). The dump
// streams from storage straight into pg_restore's stdin — hashed on the way, so the check also
// proves the restored bytes are the ones recorded — and the checks compare the restored
// database with what the metadata recorded in pg_dump's own snapshot: equal row counts per
// table, an intact audit hash chain ending at the recorded head, the same schema version.
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { hashingStream } from './archive-writer.ts';
import type { ArchiveReader } from './archive-reader.ts';
import { CHRONOS_DUMP, type BackupMetadata } from './metadata.ts';
import { runPgTool } from './pg-tools.ts';

export type Check = { name: string; ok: boolean; detail: string; differences?: Record<string, unknown> };

export type MaintenanceTarget = {
  /** A connection with CREATEDB (any database on the server; `postgres` by default). */
  maintenanceUrl: string;
  binDir: string | undefined;
};

/** The maintenance URL: BACKUP_SCRATCH_DATABASE_URL, else DATABASE_URL's server with database postgres. */
export function maintenanceUrlFor(databaseUrl: string, scratchUrl: string | undefined): string {
  if (scratchUrl) return scratchUrl;
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrlOn(maintenanceUrl: string, database: string): string {
  const url = new URL(maintenanceUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function withMaintenance<T>(maintenanceUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: maintenanceUrl, application_name: 'chronos-backup-maintenance' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const dropDatabase = (target: MaintenanceTarget, name: string) =>
  withMaintenance(target.maintenanceUrl, (c) =>
    c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );

/** Creates `database` and pg_restores the archive's Chronos dump into it. Returns the dump's SHA-256. */
export async function restoreDump(
  target: MaintenanceTarget,
  archive: ArchiveReader,
  database: string,
): Promise<string> {
  await withMaintenance(target.maintenanceUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`));
  const restore = runPgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error'], {
    binDir: target.binDir,
    url: databaseUrlOn(target.maintenanceUrl, database),
    stdin: 'pipe',
    stdout: 'ignore',
  });
  const hashed = hashingStream();
  const source = await archive.open(CHRONOS_DUMP);
  // pg_restore may stop reading (failure) before the dump ends: its stdin then errors (EPIPE),
  // which is reported through the tool's own exit status below.
  const piped = pipeline(source, hashed.stream, restore.child.stdin!).catch((error: Error) => error);
  const [pipeError] = await Promise.all([piped, restore.done]);
  if (pipeError) throw pipeError;
  return hashed.digest();
}

/** The integrity checks of a restored database against the backup's metadata. */
export async function checkRestored(
  databaseUrl: string,
  metadata: BackupMetadata,
  dumpSha256: string | undefined,
): Promise<Check[]> {
  const checks: Check[] = [];
  if (dumpSha256 !== undefined) {
    const want = metadata.files[CHRONOS_DUMP]?.sha256;
    checks.push({
      name: 'dump_checksum',
      ok: want === dumpSha256,
      detail:
        want === dumpSha256 ? `${CHRONOS_DUMP} SHA-256 matches` : `${CHRONOS_DUMP} SHA-256 ${dumpSha256} ≠ ${want}`,
    });
  }
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'chronos-restore-check' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const differences: Record<string, { expected: number; actual: number | null }> = {};
    for (const [table, expected] of Object.entries(metadata.tables)) {
      const [schema, name] = table.split(/\.(.*)/s) as [string, string];
      const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [
        `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`,
      ]);
      const actual = exists.rows[0].present
        ? Number(
            (
              await client.query(
                `SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`,
              )
            ).rows[0].n,
          )
        : null;
      if (actual !== expected) differences[table] = { expected, actual };
    }
    const tables = Object.keys(metadata.tables).length;
    checks.push({
      name: 'row_counts',
      ok: Object.keys(differences).length === 0,
      detail: Object.keys(differences).length
        ? `${Object.keys(differences).length} of ${tables} tables differ: ${Object.keys(differences).join(', ')}`
        : `${tables} tables, every row count equals the metadata`,
      ...(Object.keys(differences).length ? { differences } : {}),
    });

    const broken = await client.query<{ seq: string; reason: string }>('SELECT seq, reason FROM audit_verify()');
    const head = (
      await client.query<{ seq: string; row_hash: string }>(
        `SELECT seq, encode(row_hash, 'hex') AS row_hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
      )
    ).rows[0];
    const headOk =
      (metadata.audit_head === null && head === undefined) ||
      (head !== undefined &&
        Number(head.seq) === metadata.audit_head?.seq &&
        head.row_hash === metadata.audit_head.row_hash);
    const chain = broken.rows[0];
    checks.push({
      name: 'audit_chain',
      ok: !chain && headOk,
      detail: chain
        ? `audit_verify(): seq ${chain.seq}: ${chain.reason}`
        : headOk
          ? `intact, ${head ? `head seq ${head.seq}` : 'empty'} as recorded`
          : `intact but the head (seq ${head?.seq ?? 'none'}) is not the recorded one (seq ${metadata.audit_head?.seq ?? 'none'})`,
    });

    const version = (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations'))
      .rows[0]!.v;
    checks.push({
      name: 'schema_version',
      ok: version === metadata.schema_version,
      detail: `restored ${version ?? 'none'}, metadata ${metadata.schema_version ?? 'none'}`,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
  return checks;
}
