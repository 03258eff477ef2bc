// One pg pool per process. Idle clients whose server went away emit 'error' on the pool;
// without a listener that would crash the process, so it is logged and the client dropped.
// New queries then open fresh connections, which is how the API recovers by itself when
// PostgreSQL comes back after a restart.
import pg from 'pg';
import type { Logger } from '../logger.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export type PoolOptions = {
  connectionString: string;
  max: number;
  connectTimeoutMs: number;
  applicationName?: string;
};

export function createPool(options: PoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'chronos-admin-api',
  });
  pool.on('error', (error) => logger.warn({ err: { message: error.message } }, 'idle database connection lost'));
  return pool;
}

/** Runs `fn` inside one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A client whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
  let broken: Error | undefined;
  const release = holdClient(client, (error) => (broken = error));
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    release();
    client.release(broken);
  }
}

/**
 * While a client is checked out, the pool does not listen for its errors: a connection the
 * server cuts between two queries (restart, terminate) would be an uncaught 'error' event and
 * end the process. This listens for the time of the checkout; the next query fails anyway.
 */
export function holdClient(client: pg.PoolClient, onError: (error: Error) => void = () => undefined): () => void {
  client.on('error', onError);
  return () => client.removeListener('error', onError);
}
