// Operational gauges read from PostgreSQL at scrape time: outbox depth and lag, delivery
// attempts, backups, agent samples, open health events. They describe every process (all
// relays, every agent), not just this one, so they come from the tables, and one query
// (repo.ts) feeds them all: the first gauge collected starts it, the others await the same
// promise. A slow or failing query leaves these series out and sets
// chronos_metrics_db_collect_success to 0; the rest of the scrape is unaffected.
//
// Deliveries: the relay is started outside the app context (server.ts, relay/main.ts) and
// may run in another process, so "deliveries by outcome" is a gauge over the delivery_attempts
// of the last ATTEMPT_WINDOW_S seconds across all relays — not a per-process counter.
// Failures are the outcomes other than delivered (failed, timeout, abandoned, lease_lost).
import client from 'prom-client';
import type pg from 'pg';
import { withDeadline } from '../health/deadline.ts';
import { readOperations, type OperationsSnapshot } from './repo.ts';

export type OperationsOptions = {
  /** Window of chronos_outbox_delivery_attempts_recent. */
  attemptWindowS: number;
  /** Server-side statement_timeout of the scrape query; the client-side deadline is a little longer. */
  queryTimeoutMs: number;
};

export const DEFAULT_OPERATIONS_OPTIONS: OperationsOptions = { attemptWindowS: 300, queryTimeoutMs: 2000 };

// Fixed label values are always exported (0 when empty): a series that comes and goes breaks
// rate() and alert rules; these sets are closed by CHECK constraints in the schema.
const STATUSES = ['pending', 'in_flight', 'dead'] as const;
const CHANNELS = ['webhook', 'telegram', 'mail', 'n8n'] as const;
const OUTCOMES = ['delivered', 'failed', 'timeout', 'abandoned', 'lease_lost', 'cancelled'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;

export function registerOperationsMetrics(
  registry: client.Registry,
  pool: pg.Pool,
  options: OperationsOptions = DEFAULT_OPERATIONS_OPTIONS,
): void {
  let inFlight: Promise<OperationsSnapshot | undefined> | undefined;
  let lastDurationS = 0;
  const snapshot = () =>
    (inFlight ??= (async () => {
      const started = performance.now();
      try {
        return await withDeadline(
          readOperations(pool, { attemptWindowS: options.attemptWindowS, statementTimeoutMs: options.queryTimeoutMs }),
          options.queryTimeoutMs + 500,
          'the metrics query',
        );
      } catch {
        return undefined;
      } finally {
        lastDurationS = (performance.now() - started) / 1000;
        // Cleared once every gauge of this scrape has its value (they all awaited the same
        // promise synchronously at the start of the scrape); the next scrape queries anew.
        setImmediate(() => (inFlight = undefined));
      }
    })());

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (g: client.Gauge<L>, s: OperationsSnapshot) => void,
  ) =>
    new client.Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        // An unlabelled gauge is reset to 0, which would read as "a backup just finished":
        // start empty, so a value that does not exist (or could not be read) is absent.
        if (labelNames.length === 0) this.remove();
        if (s) fill(this, s);
      },
    });

  gauge(
    'chronos_outbox_depth',
    'Outbox rows waiting (pending), being delivered (in_flight) or dead, by channel',
    ['status', 'channel'],
    (g, s) => {
      for (const status of STATUSES) for (const channel of CHANNELS) g.set({ status, channel }, 0);
      for (const row of s.depth) g.set({ status: row.status, channel: row.channel }, row.n);
    },
  );
  gauge(
    'chronos_outbox_lag_seconds',
    'Seconds the oldest due outbox row has waited for a relay (0 when none is due)',
    [],
    (g, s) => g.set(Math.max(0, s.lag_s ?? 0)),
  );
  gauge(
    'chronos_outbox_delivery_attempts_recent',
    `Delivery attempts started in the last ${options.attemptWindowS} s by all relays, by outcome (failures: every outcome but delivered)`,
    ['outcome'],
    (g, s) => {
      for (const outcome of OUTCOMES) g.set({ outcome }, 0);
      for (const row of s.attempts) g.set({ outcome: row.outcome }, row.n);
    },
  );
  gauge(
    'chronos_backup_last_completed_age_seconds',
    'Seconds since the last completed backup finished (absent when there is none)',
    [],
    (g, s) => {
      if (s.backup) g.set(Math.max(0, s.backup.age_s));
    },
  );
  gauge(
    'chronos_backup_last_duration_seconds',
    'Duration of the last completed backup (absent when there is none)',
    [],
    (g, s) => {
      const ms = s.backup?.duration_ms;
      if (typeof ms === 'number') g.set(ms / 1000);
    },
  );
  gauge(
    'chronos_agent_sample_age_seconds',
    'Seconds since the newest sample of each host (by the agent clock: taken_at)',
    ['host'],
    (g, s) => {
      for (const row of s.samples) g.set({ host: row.host }, row.age_s);
    },
  );
  gauge('chronos_health_events_open', 'Unresolved health events (detections) by severity', ['severity'], (g, s) => {
    for (const severity of SEVERITIES) g.set({ severity }, 0);
    for (const row of s.open_events) g.set({ severity: row.severity }, row.n);
  });
  new client.Gauge({
    name: 'chronos_metrics_db_collect_success',
    help: '1 when the operational gauges could be read from the database in this scrape, else 0',
    registers: [registry],
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'chronos_metrics_db_collect_duration_seconds',
    help: 'Time the operational gauges query took in this scrape',
    registers: [registry],
    async collect() {
      await snapshot();
      this.set(lastDurationS);
    },
  });
}
