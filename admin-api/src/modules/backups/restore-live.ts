// Restore over the live database (CLI only, `npm run backup -- restore-live … --confirm-live-restore`):
//   1. verify the archive (every checksum) — a damaged backup is refused before anything changes;
//   2. stop writes: the live database defaults to read-only transactions and its other
//      sessions are ended (admin-api answers errors for writes meanwhile, reads keep working);
//   3. restore into a NEW database and run the restore check's integrity checks on it;
//   4. swap by renaming: live → <name>_before_restore_<ts> (kept for rollback, still read-only),
//      new → live name; clients reconnect to the restored database by name;
//   5. record the restore (backup_restores mode live, audited) in the restored database.
// Any failure before the swap drops the new database and lifts the write stop; the live
// database is then exactly as before (the failure is recorded in it).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit } from '../audit/repo.ts';
import { openArchive } from './archive-reader.ts';
import { loadBackupSettings, storageFor } from './backup-settings.ts';
import { METADATA_FILE, type BackupMetadata } from './metadata.ts';
import * as repo from './repo.ts';
import {
  checkRestored,
  databaseUrlOn,
  dropDatabase,
  maintenanceUrlFor,
  restoreDump,
  withMaintenance,
  type Check,
} from './restore.ts';
import type { BackupDeps } from './service.ts';
import { folderStorage } from './storage-folder.ts';
import type { BackupStorage } from './storage.ts';
import { verifyStoredArchive } from './verify.ts';

export type LiveRestoreResult = { database: string; previous: string; checks: Check[]; restoreId: string };

const MAX_IDENTIFIER = 63;
const stamp = () => new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);

async function sha256Of(storage: BackupStorage, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await storage.read(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function locate(deps: BackupDeps, source: string) {
  if (/^[0-9a-f-]{36}$/i.test(source) && !fs.existsSync(source)) {
    const row = await repo.getBackup(deps.pool, source.toLowerCase());
    if (!row) throw new Error(`no backup with id ${source}`);
    if (row.status !== 'completed') throw new Error(`backup ${source} is ${row.status}`);
    const loaded = await loadBackupSettings(deps.pool, deps.config.encryptionKey);
    const storage = storageFor(loaded, deps.config, { target: row.target, location: row.location });
    return {
      storage,
      key: row.object_key!,
      expected: { sha256: row.sha256, size: Number(row.size_bytes), metadata: row.metadata as BackupMetadata },
      finishedAt: row.finished_at,
    };
  }
  const file = path.resolve(source);
  if (!fs.existsSync(file)) throw new Error(`${source} is neither a backup id nor a file`);
  const storage = folderStorage(path.dirname(file));
  return {
    storage,
    key: path.basename(file),
    expected: { sha256: null, size: null, metadata: null },
    finishedAt: null,
  };
}

export async function restoreLive(
  deps: BackupDeps,
  source: string,
  actor: AuditActor,
  log: (line: string) => void,
): Promise<LiveRestoreResult> {
  const { config } = deps;
  const live = decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1));
  const target = {
    maintenanceUrl: maintenanceUrlFor(config.databaseUrl, config.backup.scratchDatabaseUrl),
    binDir: config.backup.pgBinDir,
  };
  const ts = stamp();
  const fresh = `${live.slice(0, MAX_IDENTIFIER - 23)}_restore_${ts}`;
  const previous = `${live.slice(0, MAX_IDENTIFIER - 30)}_before_restore_${ts}`;
  const liveId = pg.escapeIdentifier(live);

  const located = await locate(deps, source);
  log(`verifying ${located.key} …`);
  const verified = await verifyStoredArchive(located.storage, located.key, located.expected);
  if (verified.status !== 'ok')
    throw new Error(`the archive failed verification (${verified.status}): ${verified.error}`);
  const size = (await located.storage.size(located.key))!;
  const archive = await openArchive(located.storage, located.key, size);
  const metadata = JSON.parse(await archive.readText(METADATA_FILE)) as BackupMetadata;
  const sha256 = located.expected.sha256 ?? (await sha256Of(located.storage, located.key));

  const restoreId = randomUUID();
  const terminateOthers = (c: pg.Client) =>
    c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      live,
    ]);
  let checks: Check[] = [];
  let writesStopped = false;
  let swapped = false;
  try {
    log(`stopping writes to ${live} …`);
    await deps.pool.end(); // this process's own connections to the live database go first
    await withMaintenance(target.maintenanceUrl, async (c) => {
      await c.query(`ALTER DATABASE ${liveId} SET default_transaction_read_only = on`);
      writesStopped = true;
      await terminateOthers(c);
    });
    log(`restoring into ${fresh} …`);
    const dumpSha = await restoreDump(target, archive, fresh);
    checks = await checkRestored(databaseUrlOn(target.maintenanceUrl, fresh), metadata, dumpSha);
    for (const check of checks) log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    const failed = checks.filter((c) => !c.ok).map((c) => c.name);
    if (failed.length) throw new Error(`integrity checks failed: ${failed.join(', ')}`);

    log(`swapping: ${live} → ${previous}, ${fresh} → ${live} …`);
    await withMaintenance(target.maintenanceUrl, async (c) => {
      await c.query(`ALTER DATABASE ${liveId} WITH ALLOW_CONNECTIONS false`);
      try {
        await terminateOthers(c);
        await c.query(`ALTER DATABASE ${liveId} RENAME TO ${pg.escapeIdentifier(previous)}`);
      } catch (error) {
        await c.query(`ALTER DATABASE ${liveId} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
        throw error;
      }
      await c.query(`ALTER DATABASE ${pg.escapeIdentifier(previous)} WITH ALLOW_CONNECTIONS true`);
      await c.query(`ALTER DATABASE ${pg.escapeIdentifier(fresh)} RENAME TO ${liveId}`);
      swapped = true;
    });
  } catch (error) {
    if (!swapped) {
      await dropDatabase(target, fresh).catch(() => undefined);
      if (writesStopped)
        await withMaintenance(target.maintenanceUrl, (c) =>
          c.query(`ALTER DATABASE ${liveId} RESET default_transaction_read_only`),
        ).catch(() => undefined);
      await record(config.databaseUrl, 'failed', (error as Error).message).catch(() => undefined);
    }
    throw error;
  } finally {
    archive.close();
  }
  await record(config.databaseUrl, 'completed', null);
  return { database: live, previous, checks, restoreId };

  async function record(url: string, status: 'completed' | 'failed', error: string | null) {
    const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'chronos-restore-live' });
    try {
      await withTransaction(pool, async (client) => {
        if (status === 'completed')
          await repo.adoptCompleted(client, metadata.backup_id, {
            sizeBytes: size,
            sha256,
            metadata,
            schemaVersion: metadata.schema_version,
            finishedAt: located.finishedAt,
          });
        const known = (await client.query('SELECT 1 FROM backups WHERE id = $1', [metadata.backup_id])).rowCount;
        await repo.insertRestore(
          client,
          {
            id: restoreId,
            backupId: known ? metadata.backup_id : null,
            mode: 'live',
            targetDatabase: live,
            requestedBy: actor.actorLabel ?? actor.actorType,
          },
          status,
          { checks, source, previous_database: swapped ? previous : null, backup_id: metadata.backup_id },
        );
        if (error)
          await client.query('UPDATE backup_restores SET error = $2 WHERE id = $1', [restoreId, error.slice(0, 4000)]);
        await appendAudit(client, {
          ...actor,
          entity: 'backup_restore',
          entityId: restoreId,
          action: status === 'completed' ? 'restore_live' : 'restore_live_failed',
          success: status === 'completed',
          riskScore: 80,
          details: { backup_id: metadata.backup_id, previous_database: swapped ? previous : null, error },
        });
      });
    } finally {
      await pool.end();
    }
  }
}
