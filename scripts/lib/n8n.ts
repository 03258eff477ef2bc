// A real n8n 2.x process for the local stack and the end-to-end tests. The Chronos package
// is installed into n8n's user folder the way production installs a community package
// (`<user folder>/.n8n/nodes/node_modules/n8n-nodes-chronos`, only what `npm pack` ships),
// so node types carry the package form `n8n-nodes-chronos.<node>` here as well.
import bcrypt from 'bcryptjs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrerequisiteError } from './errors.ts';
import { freePort, portIsFree } from './postgres.ts';
import { repoRoot } from './paths.ts';

export type N8nOwner = { email: string; password: string };

export type N8nOptions = {
  bin: string;
  userFolder: string;
  port: number;
  database: { host: string; port: number; name: string; user: string; password: string };
  owner: N8nOwner;
  encryptionKey: string;
  /**
   * `start` (main: editor, API, webhooks, triggers), `worker` (runs queued executions; needs
   * EXECUTIONS_MODE=queue and Redis in `env`) or `webhook` (production webhooks only).
   * A worker answers /healthz on `port` through n8n's worker server.
   */
  command?: 'start' | 'worker' | 'webhook';
  /** Extra environment (e.g. EXECUTIONS_MODE=queue and QUEUE_BULL_REDIS_* for queue mode). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  readinessTimeoutMs?: number;
};

export type N8nProcess = {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
};

/** n8n's settings that would phone home or nag; everything here runs offline. */
const OFFLINE_ENV = {
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
  N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
  N8N_TEMPLATES_ENABLED: 'false',
  N8N_PERSONALIZATION_ENABLED: 'false',
  N8N_HIRING_BANNER_ENABLED: 'false',
  N8N_DYNAMIC_BANNERS_ENABLED: 'false',
  N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
  N8N_AI_ENABLED: 'false',
  N8N_MCP_ACCESS_ENABLED: 'false',
  N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
  N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
  N8N_SENTRY_DSN: '',
  // Modules that fetch catalogues from n8n's servers at start and on a timer.
  N8N_DISABLED_MODULES: 'mcp-registry,instance-ai',
};

/**
 * Installs the built package (root package.json + dist/, exactly what `npm pack` ships) into
 * n8n's community-node folder. Re-run after every build; the copy is replaced whole.
 */
export function installChronosPackage(userFolder: string): string {
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  const target = path.join(nodesDir, 'node_modules', 'n8n-nodes-chronos');
  if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
    throw new PrerequisiteError('the Chronos package is not built (dist/ is missing); run the build first');
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-pack-'));
  try {
    const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', staging], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const tarball = path.join(staging, packed.stdout.trim().split('\n').at(-1)!);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`unpacking the Chronos package failed: ${untar.stderr}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  // n8n's own bookkeeping file for the nodes folder, as its installer would leave it.
  const manifest = path.join(nodesDir, 'package.json');
  if (!fs.existsSync(manifest))
    fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
  return target;
}

export async function waitForHttp(url: string, timeoutMs: number, isDone: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (isDone()) throw new Error(`the process exited before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (${lastError})`);
}

export async function startN8n(options: N8nOptions): Promise<N8nProcess> {
  if (!fs.existsSync(options.bin)) {
    throw new PrerequisiteError(
      `n8n is not installed at ${options.bin}; run the command through npm (npm start / npm test) so it gets installed`,
    );
  }
  if (!(await portIsFree(options.port))) {
    throw new PrerequisiteError(
      `port ${options.port} for n8n is already in use; free it or set N8N_PORT to another port`,
    );
  }
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(options.userFolder, { recursive: true });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...OFFLINE_ENV,
    N8N_USER_FOLDER: options.userFolder,
    N8N_PORT: String(options.port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: 'localhost',
    N8N_PROTOCOL: 'http',
    N8N_EDITOR_BASE_URL: `http://localhost:${options.port}/`,
    N8N_WEBHOOK_URL: `http://localhost:${options.port}/`,
    N8N_SECURE_COOKIE: 'false',
    N8N_ENCRYPTION_KEY: options.encryptionKey,
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: options.database.host,
    DB_POSTGRESDB_PORT: String(options.database.port),
    DB_POSTGRESDB_DATABASE: options.database.name,
    DB_POSTGRESDB_USER: options.database.user,
    DB_POSTGRESDB_PASSWORD: options.database.password,
    N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
    N8N_INSTANCE_OWNER_EMAIL: options.owner.email,
    N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(options.owner.password, 10),
    N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'warn',
    // Bounded, so stopping the stack never waits long on n8n.
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
    // The task runners' broker (Code node) listens on 5679 by default: a second n8n on the same
    // machine (tests in parallel, a running stack) would fail to start on it.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    // A worker serves /healthz and /healthz/readiness here (n8n's worker server).
    QUEUE_HEALTH_CHECK_ACTIVE: 'true',
    QUEUE_HEALTH_CHECK_PORT: String(options.port),
    N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
    ...options.env,
  };
  // Its own process group, so a terminal's Ctrl+C reaches only the caller, which stops n8n
  // before the database it needs for a clean shutdown.
  const child = spawn(options.bin, [options.command ?? 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) log(line);
    });
  }
  const url = `http://localhost:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitForHttp(`${url}/healthz/readiness`, options.readinessTimeoutMs ?? 180_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, stop };
}

/** Logs in as the owner through n8n's REST API and returns the session cookie. */
export async function n8nLogin(url: string, owner: N8nOwner): Promise<string> {
  const response = await fetch(`${url}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
  });
  if (!response.ok) throw new Error(`n8n login failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('n8n-auth='));
  if (!cookie) throw new Error('n8n login returned no n8n-auth cookie');
  return cookie;
}
