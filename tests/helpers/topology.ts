// The production topology of docker/compose.yaml without containers, as separate real
// processes on this machine: its own PostgreSQL server (durable settings, so an immediate
// restart loses nothing committed), Debian's redis-server (AOF on, as in compose), n8n main +
// one `n8n worker` in queue mode (Bull on Redis), each with the Chronos package installed in
// its own user folder, admin-api ×2 (relay and jobs in both, rate limits shared through
// Redis) behind a round-robin balancer, the Chronos agent, an SMTP server and the fake
// Telegram Bot API. Every process can be killed and started again (the fault suites), and
// every workflow of workflows/ is imported and activated against the balancer, as an operator
// does after `docker compose up`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { WORKFLOW_KEY_SCOPES } from '../../scripts/lib/local-workflows.ts';
import { installChronosPackage, startN8n, waitForHttp, type N8nOwner } from '../../scripts/lib/n8n.ts';
import { mintN8nApiKey, N8nPublicApi } from '../../scripts/lib/n8n-public-api.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { freePort, isAlive, startLocalPostgres } from '../../scripts/lib/postgres.ts';
import { importWorkflows } from '../../scripts/lib/workflow-sync.ts';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.ts';

export type ProcessHandle = {
  /** 'api-1', 'api-2', 'n8n-main', 'n8n-worker', 'agent', 'redis', 'postgres' */
  name: string;
  /** undefined while stopped */
  pid(): number | undefined;
  /** Default SIGKILL; resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** (Re)starts it; resolves when it is ready. */
  start(): Promise<void>;
};

export type Topology = {
  chronosDbUrl: string;
  n8nDbUrl: string;
  /** To chronosDbUrl (max 4); pg.Pool replaces broken connections, so it survives a restart. */
  pool: pg.Pool;
  /** The two admin-api replicas, each reachable directly. */
  apis: Array<ProcessHandle & { url: string }>;
  /** Round-robin in front of the replicas: what n8n, the agent and Telegram are given. */
  balancerUrl: string;
  redis: ProcessHandle & { url: string };
  postgres: ProcessHandle & { restartImmediate(): Promise<void> };
  n8n: {
    url: string;
    owner: N8nOwner;
    api: N8nPublicApi;
    main: ProcessHandle;
    worker: ProcessHandle & { log(): string[] };
    /** workflow key (file name without .json) → n8n workflow id */
    workflowIds: Record<string, string>;
  };
  agent: ProcessHandle & { host: string };
  smtp: TestSmtpServer;
  telegram: FakeTelegram;
  adminKey: string;
  processes(): ProcessHandle[];
  stop(): Promise<void>;
};

export type TopologyOptions = {
  log?: (line: string) => void;
  /** Extra admin-api environment (both replicas). */
  apiEnv?: Record<string, string>;
};

const AGENT_HOST = 'topology-host';

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A child process that can be killed and started again. `launch` spawns it (in its own
 * process group, so helpers it starts — n8n's task runners — go with it) and resolves when
 * it is ready.
 */
function managedProcess(name: string, launch: () => Promise<ChildProcess>): ProcessHandle {
  let child: ChildProcess | undefined;
  const exited = new WeakMap<ChildProcess, Promise<void>>();
  return {
    name,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async kill(signal = 'SIGKILL') {
      const current = child;
      if (!current?.pid) return;
      child = undefined;
      try {
        process.kill(-current.pid, signal);
      } catch {
        // already gone
      }
      await exited.get(current);
    },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      const started = await launch();
      exited.set(
        started,
        started.exitCode !== null || started.signalCode !== null
          ? Promise.resolve()
          : new Promise((resolve) => started.once('exit', () => resolve())),
      );
      child = started;
    },
  };
}

/** Lines of a child's output to the log, prefixed with its name; the last lines kept. */
function follow(child: ChildProcess, name: string, log: (line: string) => void, keep?: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        log(`[${name}] ${line}`);
        if (keep) {
          keep.push(line);
          if (keep.length > 5000) keep.splice(0, keep.length - 5000);
        }
      }
    });
  }
}

async function waitForExitOrReady(child: ChildProcess, ready: () => Promise<void>): Promise<ChildProcess> {
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}) before it was ready`))),
  );
  try {
    await Promise.race([ready(), exited]);
  } catch (error) {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    throw error;
  }
  return child;
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function startRedis(dir: string, port: number, log: (line: string) => void): ProcessHandle & { url: string } {
  fs.mkdirSync(dir, { recursive: true });
  const handle = managedProcess('redis', async () => {
    // AOF as in compose: a killed Redis comes back with the queue n8n's main had written.
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    follow(child, 'redis', log);
    return waitForExitOrReady(child, () => waitUntil(() => redisPing(port), 'redis to answer PING', 20_000));
  });
  return { ...handle, url: `redis://127.0.0.1:${port}` };
}

function startApiReplica(
  name: string,
  port: number,
  env: Record<string, string>,
  log: (line: string) => void,
): ProcessHandle & { url: string } {
  const url = `http://127.0.0.1:${port}`;
  const handle = managedProcess(name, async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'admin-api', 'src', 'server.ts')], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    follow(child, name, log);
    return waitForExitOrReady(child, () => waitForHttp(`${url}/health`, 60_000));
  });
  return { ...handle, url };
}

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const log = options.log ?? (() => undefined);
  const workDir = fs.mkdtempSync(path.join(process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir(), 'topology-'));
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    // PostgreSQL with durable settings (no `fast`): the fault suite restarts it immediately.
    const local = await startLocalPostgres({
      dataDir: path.join(workDir, 'postgres'),
      port: await freePort(),
      password: randomBytes(12).toString('hex'),
      log: (line) => log(`[postgres] ${line}`),
    });
    cleanups.push(() => local.stop());
    await local.ensureDatabase('chronos');
    await local.ensureDatabase('n8n');
    const postgres: Topology['postgres'] = {
      name: 'postgres',
      pid: () => local.pid(),
      // SIGQUIT to the postmaster is PostgreSQL's immediate shutdown (pg_ctl -m immediate):
      // no checkpoint, crash recovery at the next start.
      async kill(signal = 'SIGQUIT') {
        const pid = local.pid();
        if (!pid) return;
        process.kill(pid, signal);
        await waitUntil(() => !isAlive(pid), 'PostgreSQL to exit', 30_000);
      },
      start: () => local.start(),
      async restartImmediate() {
        await postgres.kill('SIGQUIT');
        await local.start();
      },
    };
    const chronosDbUrl = local.url('chronos');
    const n8nDbUrl = local.url('n8n');

    const redis = startRedis(path.join(workDir, 'redis'), await freePort(), log);
    await redis.start();
    cleanups.push(() => redis.kill('SIGTERM'));

    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const telegram = await startFakeTelegram();
    cleanups.push(() => telegram.close());

    // admin-api ×2: the same secrets, the same database, rate limits in the same Redis.
    const apiEnv: Record<string, string> = {
      DATABASE_URL: chronosDbUrl,
      HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      CHRONOS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      REDIS_URL: redis.url,
      RELAY_ENABLED: 'true',
      JOBS_ENABLED: 'true',
      LOG_LEVEL: process.env.TOPOLOGY_LOG_LEVEL ?? 'warn',
      HEALTH_DISK_PATH: workDir,
      ...options.apiEnv,
    };
    const apis = [
      startApiReplica('api-1', await freePort(), apiEnv, log),
      startApiReplica('api-2', await freePort(), apiEnv, log),
    ];
    // One after the other: the first applies the migrations (the second would wait on their lock).
    for (const api of apis) {
      await api.start();
      cleanups.push(() => api.kill('SIGTERM'));
    }
    const balancer: TcpBalancer = await startTcpBalancer(
      apis.map((api) => ({ host: '127.0.0.1', port: Number(new URL(api.url).port) })),
    );
    cleanups.push(() => balancer.close());
    const pool = new pg.Pool({ connectionString: chronosDbUrl, max: 4 });
    pool.on('error', () => undefined); // idle connections cut by a PostgreSQL restart
    cleanups.push(() => pool.end());
    const adminKey = (await createApiKey(pool, { name: 'topology admin', scopes: ['admin'] })).key;

    // n8n main + worker in queue mode: one database, one encryption key, one Redis; the
    // package installed in each process's own user folder, as every container has its own.
    const bin = process.env.CHRONOS_N8N_BIN;
    if (!bin) throw new Error('CHRONOS_N8N_BIN is not set: run through npm test (or scripts/bootstrap.mjs)');
    const db = new URL(n8nDbUrl);
    const database = {
      host: db.hostname,
      port: Number(db.port),
      name: 'n8n',
      user: decodeURIComponent(db.username),
      password: decodeURIComponent(db.password),
    };
    const owner = { email: 'owner@chronos.test', password: `Owner-${randomBytes(6).toString('hex')}-1` };
    const encryptionKey = randomBytes(24).toString('hex');
    const queueEnv = {
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: new URL(redis.url).port,
      // Manual runs (the editor's "execute") go to the workers too, as in production.
      OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
    };
    const n8nProcess = (
      name: 'n8n-main' | 'n8n-worker',
      command: 'start' | 'worker',
      port: number,
      keep?: string[],
    ) => {
      const userFolder = path.join(workDir, name);
      installChronosPackage(userFolder);
      return managedProcess(name, async () => {
        const started = await startN8n({
          bin,
          command,
          userFolder,
          port,
          database,
          owner,
          encryptionKey,
          // The worker logs each execution it runs (info): the proof of where executions run.
          env: { ...queueEnv, N8N_LOG_LEVEL: command === 'worker' ? 'info' : (process.env.N8N_LOG_LEVEL ?? 'warn') },
          log: (line) => {
            log(`[${name}] ${line}`);
            if (keep) {
              keep.push(line);
              if (keep.length > 5000) keep.splice(0, keep.length - 5000);
            }
          },
        });
        return started.child;
      });
    };
    const mainPort = await freePort();
    const main = n8nProcess('n8n-main', 'start', mainPort);
    await main.start();
    cleanups.push(() => main.kill('SIGTERM'));
    const workerLog: string[] = [];
    const worker = { ...n8nProcess('n8n-worker', 'worker', await freePort(), workerLog), log: () => workerLog };
    await worker.start();
    cleanups.push(() => worker.kill('SIGTERM'));
    const n8nUrl = `http://localhost:${mainPort}`;
    const n8nApi = new N8nPublicApi(n8nUrl, await mintN8nApiKey(n8nUrl, owner, { label: 'topology' }));

    // Chronos' side of the workflows, then every workflow imported and activated against the
    // balancer (the credential's base URL), as `npm run workflows -- import --activate` does.
    const workflowKey = (await createApiKey(pool, { name: 'n8n', scopes: WORKFLOW_KEY_SCOPES })).key;
    const outcomes = await importWorkflows(
      { n8n: n8nApi, pool, dir: path.join(repoRoot, 'workflows'), actor: 'topology' },
      { activate: true, chronosApi: { baseUrl: balancer.url, apiKey: workflowKey } },
    );
    const workflowIds = Object.fromEntries(
      outcomes.filter((o) => o.workflowId).map((o) => [o.key, o.workflowId as string]),
    );

    // The agent, pushing samples and polling HEALING commands through the balancer.
    const agentKey = (
      await createApiKey(pool, { name: `agent ${AGENT_HOST}`, scopes: ['health.report', 'commands.manage'] })
    ).key;
    const agentConfig = path.join(workDir, 'agent.json');
    fs.writeFileSync(
      agentConfig,
      JSON.stringify({
        api_url: balancer.url,
        host: AGENT_HOST,
        sample_interval_s: 2,
        poll_interval_s: 2,
        disks: [workDir],
        state_file: path.join(workDir, 'agent-state.json'),
      }),
    );
    let samplesBefore = 0;
    const agentHandle = managedProcess('agent', async () => {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM health_samples WHERE host = $1',
        [AGENT_HOST],
      );
      samplesBefore = rows[0]!.n;
      const child = spawn(process.execPath, [path.join(repoRoot, 'agent', 'src', 'main.ts')], {
        env: {
          PATH: process.env.PATH ?? '',
          CHRONOS_AGENT_CONFIG: agentConfig,
          CHRONOS_AGENT_API_KEY: agentKey,
          NODE_COMPILE_CACHE: path.join(workDir, 'agent-compile-cache'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      follow(child, 'agent', log);
      // Ready = its first sample arrived.
      return waitForExitOrReady(child, () =>
        waitUntil(
          async () =>
            (
              await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples WHERE host = $1', [
                AGENT_HOST,
              ])
            ).rows[0]!.n > samplesBefore,
          'the agent to push a sample',
          30_000,
        ),
      );
    });
    await agentHandle.start();
    cleanups.push(() => agentHandle.kill('SIGTERM'));
    const agent = { ...agentHandle, host: AGENT_HOST };

    return {
      chronosDbUrl,
      n8nDbUrl,
      pool,
      apis,
      balancerUrl: balancer.url,
      redis,
      postgres,
      n8n: { url: n8nUrl, owner, api: n8nApi, main, worker, workflowIds },
      agent,
      smtp,
      telegram,
      adminKey,
      processes: () => [postgres, redis, ...apis, main, worker, agent],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
