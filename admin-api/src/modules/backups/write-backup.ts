// Produces one backup archive and streams it into storage:
//   snapshot (row counts, config) → pg_dump of Chronos (same snapshot) → pg_dump of n8n
//   (optional) → n8n workflows → configuration, roles → RESTORE_INSTRUCTIONS.txt →
//   backup_metadata.json → central directory.
// Every byte goes pg_dump stdout → zip entry → archive stream → upload as it is produced;
// nothing is staged on disk or held whole in memory. A tool that fails (non-zero exit, even
// after writing a complete-looking stream) aborts the archive, which makes the storage write
// fail and remove what it had written.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { createArchiveWriter, type ArchivedFile } from './archive-writer.ts';
import {
  CHRONOS_DUMP,
  GLOBALS_FILE,
  INSTRUCTIONS_FILE,
  METADATA_FILE,
  N8N_DUMP,
  restoreInstructions,
  tableCounts,
  type BackupMetadata,
} from './metadata.ts';
import { exportN8nWorkflows } from './n8n-export.ts';
import { PgToolError, pgToolOutput, runPgTool } from './pg-tools.ts';
import { takeSnapshot, type Snapshot } from './snapshot.ts';
import type { BackupStorage } from './storage.ts';

export const PHASES = [
  'starting',
  'dump_chronos',
  'dump_n8n',
  'export_workflows',
  'export_config',
  'upload',
  'done',
] as const;
export type Phase = (typeof PHASES)[number];

/** Live state of a running backup; the service persists it, the CLI draws it. */
export type BackupProgress = {
  phase: Phase;
  progress: number | null;
  bytesDone: number;
  /** Called on every phase change (the CLI prints a line per phase when not on a terminal). */
  onPhase?: (progress: BackupProgress) => void;
};

export type BackupJob = {
  id: string;
  kind: string;
  objectKey: string;
  storage: BackupStorage;
  databaseUrl: string;
  backupConfig: Config['backup'];
  /** For reading the n8n setting (base URL, API key). */
  pool: pg.Pool;
  encryptionKey: Buffer;
  version: string;
  includeN8nDatabase: boolean;
  startedAt: Date;
  progress: BackupProgress;
};

export type BackupResult = {
  sizeBytes: number;
  sha256: string;
  metadata: BackupMetadata;
  schemaVersion: number | null;
};

const execFileAsync = promisify(execFile);

async function toolVersion(binDir: string | undefined, tool: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(binDir ? path.join(binDir, tool) : tool, ['--version']);
    return stdout.trim();
  } catch (error) {
    throw new PgToolError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${tool} was not found (install the PostgreSQL client, e.g. Debian's postgresql-client, or set BACKUP_PG_BIN_DIR)`
        : `${tool} --version failed: ${(error as Error).message}`,
    );
  }
}

/** Progress of the Chronos dump: the share of table bytes whose data pg_dump has finished. */
function dumpProgress(snapshot: Snapshot, onChange: (fraction: number) => void): (line: string) => void {
  const sizes = new Map(snapshot.tables.map((t) => [t.name, Math.max(t.bytes, 1)]));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0) || 1;
  let done = 0;
  let current: string | undefined;
  return (line) => {
    const match = /dumping contents of table "(.+)"$/.exec(line);
    if (!match) return;
    if (current) done += sizes.get(current) ?? 0;
    current = match[1];
    onChange(Math.min(done / total, 1));
  };
}

export async function writeBackup(job: BackupJob): Promise<BackupResult> {
  const { progress, backupConfig: cfg } = job;
  const setPhase = (phase: Phase, percent: number) => {
    progress.phase = phase;
    progress.progress = percent;
    progress.bytesDone = archive.bytes();
    progress.onPhase?.(progress);
  };
  // The bucket (or folder) is created on the first backup (SPEC 3.6: private, versioned).
  const notes: string[] = await job.storage.prepare();
  const files: ArchivedFile[] = [];
  const archive = createArchiveWriter();
  const upload = job.storage.write(job.objectKey, archive.output);
  // A storage that fails (unreachable, refused) stops the archive, and with it pg_dump.
  upload.catch((error: Error) => archive.abort(error));
  const ticker = setInterval(() => (progress.bytesDone = archive.bytes()), 200);
  const children: Array<{ kill(): boolean; exitCode: number | null }> = [];
  let snapshot: Snapshot | undefined;
  try {
    setPhase('dump_chronos', 0);
    const pgDumpVersion = await toolVersion(cfg.pgBinDir, 'pg_dump');
    snapshot = await takeSnapshot(job.databaseUrl);
    const level = String(cfg.compressionLevel);
    const chronos = runPgTool(
      'pg_dump',
      ['--format=custom', `--compress=${level}`, `--snapshot=${snapshot.id}`, '--verbose'],
      {
        binDir: cfg.pgBinDir,
        url: job.databaseUrl,
        onStderrLine: dumpProgress(snapshot, (f) => (progress.progress = Math.round(f * 90))),
      },
    );
    children.push(chronos.child);
    const [chronosFile] = await Promise.all([
      archive.add(CHRONOS_DUMP, chronos.child.stdout!, { store: true }),
      chronos.done,
    ]);
    files.push(chronosFile);
    await snapshot.release();

    if (cfg.n8nDatabaseUrl && job.includeN8nDatabase) {
      setPhase('dump_n8n', 90);
      const n8n = runPgTool('pg_dump', ['--format=custom', `--compress=${level}`], {
        binDir: cfg.pgBinDir,
        url: cfg.n8nDatabaseUrl,
      });
      children.push(n8n.child);
      const [n8nFile] = await Promise.all([archive.add(N8N_DUMP, n8n.child.stdout!, { store: true }), n8n.done]);
      files.push(n8nFile);
    } else {
      notes.push(
        cfg.n8nDatabaseUrl
          ? "n8n's database not included: the backup setting's include_n8n_database is off"
          : "n8n's database not included: BACKUP_N8N_DATABASE_URL is not set",
      );
    }

    setPhase('export_workflows', 93);
    const workflows = await exportN8nWorkflows(job.pool, job.encryptionKey);
    if ('skipped' in workflows) notes.push(workflows.skipped);
    else for (const file of workflows.files) files.push(await archive.add(file.name, file.content));

    setPhase('export_config', 95);
    for (const [name, rows] of Object.entries(snapshot.configFiles))
      files.push(await archive.add(name, `${JSON.stringify(rows, null, 2)}\n`));
    try {
      // --no-role-passwords: works without superuser (reads pg_roles, not pg_authid) and keeps
      // password hashes out of the archive.
      const globals = await pgToolOutput('pg_dumpall', ['--globals-only', '--no-role-passwords'], {
        binDir: cfg.pgBinDir,
        url: job.databaseUrl,
      });
      files.push(await archive.add(GLOBALS_FILE, globals));
    } catch (error) {
      notes.push(`roles not included: ${(error as Error).message}`);
    }

    const database = decodeURIComponent(new URL(job.databaseUrl).pathname.slice(1));
    files.push(
      await archive.add(
        INSTRUCTIONS_FILE,
        restoreInstructions({
          backup_id: job.id,
          database,
          schema_version: snapshot.schemaVersion,
          files: files.map((f) => f.name),
        }),
      ),
    );
    const metadata: BackupMetadata = {
      format: 1,
      backup_id: job.id,
      kind: job.kind,
      chronos_version: job.version,
      schema_version: snapshot.schemaVersion,
      started_at: job.startedAt.toISOString(),
      written_at: new Date().toISOString(),
      host: os.hostname(),
      database,
      target: job.storage.target,
      location: job.storage.location,
      object_key: job.objectKey,
      pg_dump: { version: pgDumpVersion, compression_level: cfg.compressionLevel },
      files: Object.fromEntries(files.map((f) => [f.name, { size: f.size, sha256: f.sha256 }])),
      tables: tableCounts(snapshot.tables),
      audit_head: snapshot.auditHead,
      notes,
    };
    await archive.add(METADATA_FILE, `${JSON.stringify(metadata, null, 2)}\n`);

    setPhase('upload', 97);
    await archive.finish();
    await upload;
    progress.bytesDone = archive.bytes();
    setPhase('done', 100);
    return { sizeBytes: archive.bytes(), sha256: archive.sha256(), metadata, schemaVersion: snapshot.schemaVersion };
  } catch (error) {
    archive.abort(error as Error);
    for (const child of children) if (child.exitCode === null) child.kill();
    // Wait until the storage has removed what it wrote, so "failed" means "nothing left".
    await upload.catch(() => undefined);
    throw error;
  } finally {
    clearInterval(ticker);
    await snapshot?.release();
  }
}
