// Benchmark: a backup of a ~1 GB Chronos database to the local S3 server (targets from issue
// #6): throughput, the ratio to a plain `pg_dump -Fc > file` of the same database (≥ 0.8;
// printed against default -Fc and against -Fc -Z1), and the peak RSS of the backing-up
// process (≤ 200 MB) — the backup runs as the CLI (`scripts/backup.ts create`, which runs its
// worker in a Node child) and the largest VmHWM of its Node processes is read from /proc.
//   node bench/backup.ts [target GB=1]
// The database is built once and cached (embedded PostgreSQL under ~/.cache/chronos/bench):
// events, ingest records and notes with text drawn from a 5,000-word vocabulary, UUIDs,
// numbers and e-mail addresses — compressible like real data (about 3×), unlike pgbench's
// tables (35×).
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, MigrationError } from '../admin-api/src/db/migrations.ts';
import { cacheDir, migrationsDir, repoRoot } from '../scripts/lib/paths.ts';
import { freePort, startLocalPostgres } from '../scripts/lib/postgres.ts';
import { startLocalS3 } from '../tests/helpers/s3.ts';
import { fmt } from './lib.ts';

const TARGET_GB = Number(process.argv[2] ?? 1);
const DATABASE = `chronos_backup_bench_${String(TARGET_GB).replace('.', '_')}gb`;
const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const BUCKET = 'chronos-backups';
const MB = 1024 * 1024;

const dataDir = path.join(cacheDir, 'bench', 'backup-postgres');
const postgres = await startLocalPostgres({
  dataDir,
  port: await freePort(),
  password: 'bench-only-password',
  fast: true,
});
const url = postgres.url(DATABASE);
await postgres.ensureDatabase(DATABASE);

function vocabulary(): string[] {
  const consonants = 'bcdfghjklmnprstvwz';
  const vowels = 'aeiou';
  const words = new Set<string>();
  while (words.size < 5000) {
    let w = '';
    for (let s = 0, n = randomInt(1, 4); s < n; s++)
      w += consonants[randomInt(18)]! + vowels[randomInt(5)]! + (randomInt(3) ? '' : consonants[randomInt(18)]!);
    words.add(w);
  }
  return [...words];
}

async function build(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const built = (await client.query(`SELECT to_regclass('bench_built') IS NOT NULL AS done`)).rows[0].done;
    try {
      await migrate(client, migrationsDir);
    } catch (error) {
      // A migration edited during development: the cached data is still fine to back up.
      if (!built || !(error instanceof MigrationError)) throw error;
      console.log(`note: cached database left at its schema (${error.message}); delete ${dataDir} to rebuild`);
    }
    if (built) return;
    console.log(`building ${DATABASE} (~${TARGET_GB} GB, once; cached in ${dataDir}) …`);
    const words = vocabulary();
    const text = (n: string) =>
      `array_to_string(ARRAY(SELECT ($1::text[])[1 + floor(random() * 5000)::int] FROM generate_series(1, ${n} + (g % 2) * 0)), ' ')`;
    const target = TARGET_GB * 1024 * MB;
    for (let batch = 0; ; batch++) {
      const size = Number((await client.query('SELECT pg_database_size(current_database()) AS s')).rows[0].s);
      if (size >= target) break;
      console.log(`  batch ${batch}: ${fmt(size / MB)} MB so far`);
      await client.query(
        `INSERT INTO events (title, description, start_at, end_at, location, attendees, tags, metadata, source, external_id)
         SELECT ${text('3 + g % 6')}, ${text('60 + g % 80')},
                now() - (g % 700) * interval '1 day' + (g % 24) * interval '1 hour',
                now() - (g % 700) * interval '1 day' + (g % 24 + 1) * interval '1 hour',
                ${text('2')}, ARRAY['p' || (g % 997) || '@example.com', 'q' || (g % 313) || '@example.org'],
                ARRAY['tag' || (g % 50), 'team' || (g % 7)],
                jsonb_build_object('ref', gen_random_uuid(), 'amount', round((random() * 10000)::numeric, 2), 'seq', g),
                'import', $2 || '-' || g
           FROM generate_series(1, 20000) g`,
        [words, `b${batch}`],
      );
      await client.query(
        `INSERT INTO ingest_records (domain, payload, source_ip, size_bytes)
         SELECT 'sensor-' || (g % 20),
                jsonb_build_object('device', gen_random_uuid(), 'at', now() - g * interval '1 second',
                  'readings', ARRAY(SELECT round((random() * 100)::numeric, 3) FROM generate_series(1, 12 + (g % 2) * 0)),
                  'note', ${text('25')}),
                ('10.' || (g % 250) || '.' || (g % 200) || '.' || (g % 100))::inet, 600
           FROM generate_series(1, 40000) g`,
        [words],
      );
      await client.query(
        `INSERT INTO notes (text, tags, source) SELECT ${text('40 + g % 40')}, ARRAY['n' || (g % 30)], 'api'
           FROM generate_series(1, 10000) g`,
        [words],
      );
    }
    await client.query('VACUUM ANALYZE');
    await client.query('CREATE TABLE bench_built (at timestamptz DEFAULT now())');
    await client.query('INSERT INTO bench_built DEFAULT VALUES');
  } finally {
    await client.end();
  }
}

/** Node processes among `pid` and its descendants (the CLI's launcher and its worker; not pg_dump). */
function nodeProcesses(pid: number): number[] {
  const found: number[] = [];
  const visit = (p: number) => {
    try {
      if (path.basename(fs.readlinkSync(`/proc/${p}/exe`)) === 'node') found.push(p);
      for (const child of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/))
        if (child) visit(Number(child));
    } catch {
      // gone
    }
  };
  visit(pid);
  return found;
}

/** Runs a command, returns seconds, and the peak RSS (VmHWM) of the largest process it ran (of Node processes, if any). */
function measure(command: string, args: string[], env: Record<string, string>, stdoutFile?: string) {
  return new Promise<{ seconds: number; peakRssMb: number; output: string }>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    let peak = 0;
    const poll = setInterval(() => {
      const pids = nodeProcesses(child.pid!);
      for (const pid of pids.length ? pids : [child.pid!]) {
        try {
          const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
        } catch {
          // exited between polls
        }
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (typeof out === 'number') fs.closeSync(out);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${output.slice(-2000)}`));
      else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peak, output });
    });
  });
}

await build();
const dbSize = Number(
  (await new pg.Pool({ connectionString: url, max: 1 }).query('SELECT pg_database_size(current_database()) AS s'))
    .rows[0].s,
);
const s3 = await startLocalS3({ buckets: [BUCKET] });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-bench-backup-'));
try {
  const setting = {
    target: 's3',
    endpoint: s3.endpoint,
    bucket: BUCKET,
    access_key: s3.accessKey,
    force_path_style: true,
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DELETE FROM settings WHERE id = 'backup'`);
  await admin.query(`INSERT INTO settings (id, category, value) VALUES ('backup', 'backup', $1::jsonb)`, [
    JSON.stringify(setting),
  ]);
  // Earlier runs' rows: a new run must not find a "running" one from an interrupted run.
  await admin.query(`UPDATE backups SET status = 'failed', finished_at = now() WHERE status = 'running'`);
  await admin.end();
  const { dbname, env: pgEnv } = (await import('../admin-api/src/modules/backups/pg-tools.ts')).connectionArgs(url);

  console.log(`database ${DATABASE}: ${fmt(dbSize / MB)} MB (pg_database_size)`);
  const plainDefault = path.join(work, 'plain-default.dump');
  const plainZ1 = path.join(work, 'plain-z1.dump');
  const fcDefault = await measure('pg_dump', ['-Fc', `--dbname=${dbname}`], pgEnv, plainDefault);
  const fcZ1 = await measure('pg_dump', ['-Fc', '-Z1', `--dbname=${dbname}`], pgEnv, plainZ1);
  const backup = await measure(process.execPath, [path.join(repoRoot, 'scripts', 'backup.ts'), 'create'], {
    DATABASE_URL: url,
    CHRONOS_ENCRYPTION_KEY: KEY,
    LOG_LEVEL: 'warn',
  });
  const archiveMb = Number(/completed: ([\d.]+) MB/.exec(backup.output)?.[1] ?? NaN);
  const row = (name: string, seconds: number, sizeMb: number) =>
    console.log(
      `${name.padEnd(34)} ${fmt(seconds, 1).padStart(6)} s  ${fmt(sizeMb).padStart(6)} MB out  ${fmt(dbSize / MB / seconds, 1).padStart(6)} MB/s of database  ${fmt(sizeMb / seconds, 1).padStart(6)} MB/s written`,
    );
  row('pg_dump -Fc > file', fcDefault.seconds, fs.statSync(plainDefault).size / MB);
  row('pg_dump -Fc -Z1 > file', fcZ1.seconds, fs.statSync(plainZ1).size / MB);
  row('Chronos backup → S3 (-Z1, archive)', backup.seconds, archiveMb);
  console.log(`ratio to pg_dump -Fc (default level):  ${fmt(fcDefault.seconds / backup.seconds, 2)}  (target ≥ 0.8)`);
  console.log(`ratio to pg_dump -Fc -Z1:              ${fmt(fcZ1.seconds / backup.seconds, 2)}`);
  console.log(`peak RSS of the backing-up process:    ${fmt(backup.peakRssMb)} MB  (target ≤ 200 MB)`);
  console.log(`S3 multipart uploads left open:        ${s3.openUploads().length}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  await s3.close();
  await postgres.stop();
}
