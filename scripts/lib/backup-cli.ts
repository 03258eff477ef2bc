// `npm run backup -- <command>` (started through scripts/backup.ts): backups from the command
// line, with the same service code as the API (admin-api/src/modules/backups). Works on
// DATABASE_URL, or the local stack's database
// (`npm start` running). The backup setting says where archives go; CHRONOS_ENCRYPTION_KEY
// must be admin-api's key when the target needs its secret (S3).
//
//   create [--kind manual|daily|weekly|monthly]   run a backup now (progress bar on a terminal)
//   list [--limit N]                               newest first
//   verify <id>                                    re-read the archive, check every checksum
//   restore-check <id> [--keep]                    restore into a scratch database and check it
//   prune [--dry-run]                              apply retention
//   download <id> <file>                           save the archive
//   restore-live <id|file> --confirm-live-restore  replace the live database (see restore-live.ts)
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../admin-api/src/config.ts';
import { VERSION } from '../../admin-api/src/context.ts';
import type { AuditActor } from '../../admin-api/src/http/principal.ts';
import { HttpProblem } from '../../admin-api/src/http/problem.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { restoreLive } from '../../admin-api/src/modules/backups/restore-live.ts';
import { BACKUP_KINDS } from '../../admin-api/src/modules/backups/schemas.ts';
import * as service from '../../admin-api/src/modules/backups/service.ts';
import type { BackupProgress } from '../../admin-api/src/modules/backups/write-backup.ts';
import { cliDatabaseUrl, localDatabaseUrl } from './database-url.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { dataDir } from './paths.ts';

const usage = `usage: npm run backup -- <command>
  create [--kind manual|daily|weekly|monthly]
  list [--limit N]
  verify <id>
  restore-check <id> [--keep]
  prune [--dry-run]
  download <id> <file>
  restore-live <id|file> --confirm-live-restore`;

function fail(message: string, code = 2): never {
  console.error(`${message}\n${usage}`);
  process.exit(code);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string', default: 'manual' },
    limit: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'confirm-live-restore': { type: 'boolean', default: false },
  },
});
const [command, ...args] = positionals;

const databaseUrl = cliDatabaseUrl();
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // The local stack's n8n database is backed up too (as admin-api does under `npm start`).
  BACKUP_N8N_DATABASE_URL:
    process.env.BACKUP_N8N_DATABASE_URL ?? (process.env.DATABASE_URL ? undefined : localDatabaseUrl('n8n')),
  // The local stack's key when none is given (as `npm start` passes it to admin-api).
  CHRONOS_ENCRYPTION_KEY:
    process.env.CHRONOS_ENCRYPTION_KEY ??
    (process.env.DATABASE_URL ? undefined : loadOrCreateLocalSecrets(dataDir).encryptionKey),
});
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'chronos-backup-cli' });
pool.on('error', () => undefined);
const deps: service.BackupDeps = { pool, config, logger: createLogger(config.logLevel), version: VERSION };
const actor: AuditActor = { actorType: 'system', actorId: 'cli', actorLabel: `npm run backup ${command ?? ''}`.trim() };

const mb = (bytes: number | null | undefined) => `${((bytes ?? 0) / 1048576).toFixed(1)} MB`;

function progressReporter(progress: BackupProgress): () => void {
  const tty = process.stdout.isTTY;
  const line = () => `${progress.phase} ${progress.progress ?? 0}% ${mb(progress.bytesDone)}`;
  if (!tty) {
    // Plain lines (logs, CI): one per phase, and one every 5 seconds in between.
    console.log(line());
    progress.onPhase = () => console.log(line());
    const timer = setInterval(() => console.log(line()), 5000);
    return () => clearInterval(timer);
  }
  const draw = () => {
    const percent = progress.progress ?? 0;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    process.stdout.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${progress.phase.padEnd(16)} ${mb(progress.bytesDone)}   `,
    );
  };
  progress.onPhase = draw;
  const timer = setInterval(draw, 200);
  return () => {
    clearInterval(timer);
    draw();
    process.stdout.write('\n');
  };
}

async function main(): Promise<number> {
  switch (command) {
    case 'create': {
      if (!(BACKUP_KINDS as readonly string[]).includes(values.kind!))
        fail('--kind must be manual, daily, weekly or monthly');
      const started = await service.startBackup(deps, { kind: values.kind as (typeof BACKUP_KINDS)[number] }, actor);
      console.log(
        `backup ${started.row.id} started → ${started.row.target}:${started.row.location}/${started.row.object_key}`,
      );
      const stop = progressReporter(started.progress);
      const done = await started.run();
      stop();
      if (done.status !== 'completed') {
        console.error(`backup ${done.id} failed: ${done.error}`);
        return 1;
      }
      console.log(`backup ${done.id} completed: ${mb(done.size_bytes)}, sha256 ${done.sha256}, ${done.duration_ms} ms`);
      return 0;
    }
    case 'list': {
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) fail('--limit must be 1 to 1000');
      const { rows } = await service.list(pool, { filter: {}, range: [0, limit - 1], sort: ['started_at', 'DESC'] });
      for (const b of rows)
        console.log(
          [
            b.id,
            b.started_at,
            b.kind.padEnd(7),
            b.status.padEnd(9),
            mb(b.size_bytes).padStart(10),
            b.verify_status ?? '-',
            b.object_key ?? '',
          ].join('  '),
        );
      return 0;
    }
    case 'verify': {
      if (!args[0]) fail('verify needs a backup id');
      const result = await service.verify(deps, args[0], actor);
      for (const [file, state] of Object.entries(result.verify_files))
        console.log(`  ${state === 'ok' ? 'ok  ' : 'FAIL'} ${file}${state === 'ok' ? '' : `: ${state}`}`);
      console.log(`verify ${result.verify_status}${result.verify_error ? `: ${result.verify_error}` : ''}`);
      return result.verify_status === 'ok' ? 0 : 1;
    }
    case 'restore-check': {
      if (!args[0]) fail('restore-check needs a backup id');
      const started = await service.startRestoreCheck(deps, args[0], actor, { keepDatabase: values.keep });
      console.log(`restore check ${started.row.id} into ${started.row.target_database} …`);
      const done = await started.run();
      for (const check of (done.details.checks ?? []) as Array<{ name: string; ok: boolean; detail: string }>)
        console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
      if (values.keep) console.log(`scratch database kept: ${done.target_database} (drop it when done)`);
      console.log(`restore check ${done.status}${done.error ? `: ${done.error}` : ''}`);
      return done.status === 'completed' ? 0 : 1;
    }
    case 'prune': {
      const result = await service.prune(deps, values['dry-run']!, actor);
      for (const k of result.keep) console.log(`  keep    ${k.id}  ${k.started_at}  ${k.reasons.join(', ')}`);
      for (const r of result.remove)
        console.log(`  ${result.dry_run ? 'would remove' : 'remove'}  ${r.id}  ${r.started_at}  ${r.reason}`);
      for (const [id, error] of Object.entries(result.errors)) console.log(`  ERROR   ${id}: ${error}`);
      if (result.refused) console.log(result.refused);
      console.log(
        result.dry_run ? `dry run: ${result.remove.length} would be removed` : `${result.deleted.length} removed`,
      );
      return Object.keys(result.errors).length ? 1 : 0;
    }
    case 'download': {
      if (!args[0] || !args[1]) fail('download needs a backup id and a file');
      const { size, stream } = await service.openDownload(deps, args[0]);
      await pipeline(stream, fs.createWriteStream(args[1], { flags: 'wx', mode: 0o600 }));
      console.log(`saved ${mb(size)} to ${args[1]}`);
      return 0;
    }
    case 'restore-live': {
      if (!args[0]) fail('restore-live needs a backup id or an archive file');
      if (!values['confirm-live-restore'])
        fail('restore-live replaces the live database: add --confirm-live-restore to go ahead');
      const result = await restoreLive(deps, args[0], actor, (line) => console.log(line));
      console.log(`restored: ${result.database} is now the backup's data; the previous database is ${result.previous}`);
      console.log(`(it keeps default_transaction_read_only = on; drop it, or rename it back to roll back)`);
      return 0;
    }
    default:
      return fail(command ? `unknown command ${command}` : 'no command');
  }
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(
    error instanceof HttpProblem ? `${error.title}: ${error.message}` : `error: ${(error as Error).message}`,
  );
} finally {
  // restore-live ends the pool itself (its connections to the replaced database must go).
  if (!pool.ended) await pool.end().catch(() => undefined);
}
process.exit(code);
