// Prometheus metrics of this process. One registry per app instance (not prom-client's
// global one) so that tests can build several apps in one process without clashes.
import client from 'prom-client';
import type pg from 'pg';
import { registerOperationsMetrics, type OperationsOptions } from './operations.ts';

export type Metrics = {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
};

export function createMetrics(pool: pg.Pool, operations?: OperationsOptions): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'chronos_' });

  const httpDuration = new client.Histogram({
    name: 'chronos_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const poolGauge = (name: string, help: string, read: () => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  poolGauge('chronos_db_pool_connections', 'Open connections in the database pool', () => pool.totalCount);
  poolGauge('chronos_db_pool_idle', 'Idle connections in the database pool', () => pool.idleCount);
  poolGauge('chronos_db_pool_waiting', 'Queries waiting for a database connection', () => pool.waitingCount);
  registerOperationsMetrics(registry, pool, operations);

  return { registry, httpDuration };
}
