// The open-loop workload driver: operations start on a fixed schedule (one every 1/rate
// seconds, the kind drawn by weight from a seeded random source), whether or not earlier ones
// have answered — so a slow or failing system meets the same offered load and its latency is
// reported honestly (no coordinated omission). Latency runs from the *scheduled* start, so
// any lag of the generator itself counts against the system rather than hiding it; the lag is
// reported separately. Requests go round-robin over the replicas (balancer.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { createBalancer, type Balancer } from './balancer.ts';
import { prepareFixtures, type Fixtures } from './fixtures.ts';
import { createLedger, type Ledger } from './ledger.ts';
import { DEFAULT_WEIGHTS, operations, type OpContext, type OpName } from './operations.ts';
import { seededRandom, weightedPicker } from './rng.ts';
import { startSink, type Sink } from './sink.ts';
import type { SystemUnderTest } from './system.ts';

export type OutcomeKind = 'ok' | 'problem' | '4xx' | '5xx' | 'network';

export type Outcome = {
  op: OpName;
  /** Scheduled start, ms after the run began. */
  at: number;
  /** From the scheduled start to the end of the answer (or the failure). */
  latencyMs: number;
  kind: OutcomeKind;
  status: number;
  replica: string;
  failedOver: boolean;
  error?: string;
};

export type WorkloadOptions = {
  /** Operations per second (arrivals, not completions). */
  rate: number;
  durationMs: number;
  weights?: Partial<Record<OpName, number>>;
  seed?: number;
  /** Per-request timeout; an operation without an answer by then counts as a network error. */
  timeoutMs?: number;
  /** Called once a second with the run's progress (for a live line in the benchmarks). */
  onProgress?: (progress: { elapsedMs: number; started: number; inFlight: number; errors: number }) => void;
  /** The run's time zero as a performance.now() value (to share one clock with the faults). */
  clockStart?: number;
};

export type WorkloadRun = {
  startedAt: Date;
  durationMs: number;
  rate: number;
  seed: number;
  outcomes: Outcome[];
  /** Largest delay between an operation's scheduled and actual start (generator saturation). */
  maxLagMs: number;
  maxInFlight: number;
};

/** A workload session: the sink, the fixtures and the ledger, reused by the reconciliation. */
export type Session = {
  system: SystemUnderTest;
  balancer: Balancer;
  sink: Sink;
  fixtures: Fixtures;
  ledger: Ledger;
  close(): Promise<void>;
};

export async function openSession(system: SystemUnderTest, options: { timeoutMs?: number } = {}): Promise<Session> {
  const balancer = createBalancer(system.apis, { timeoutMs: options.timeoutMs });
  const sink = await startSink();
  try {
    const fixtures = await prepareFixtures(balancer, system.adminKey, sink);
    return {
      system,
      balancer,
      sink,
      fixtures,
      ledger: createLedger(),
      async close() {
        balancer.close();
        await sink.close();
      },
    };
  } catch (error) {
    balancer.close();
    await sink.close();
    throw error;
  }
}

function classify(status: number): OutcomeKind {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500) return '5xx';
  return '4xx';
}

export async function runWorkload(session: Session, options: WorkloadOptions): Promise<WorkloadRun> {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const pickOp = weightedPicker({ ...DEFAULT_WEIGHTS, ...options.weights }, random);
  let counter = 0;
  const ctx: OpContext = {
    balancer: session.balancer,
    fixtures: session.fixtures,
    ledger: session.ledger,
    random,
    next: () => ++counter,
  };
  const outcomes: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  let maxLagMs = 0;
  let maxInFlight = 0;
  let errors = 0;

  const intervalMs = 1000 / options.rate;
  const total = Math.floor((options.durationMs / 1000) * options.rate);
  const t0 = options.clockStart ?? performance.now();
  const startedAt = new Date(Date.now() - (performance.now() - t0));

  const launch = (op: OpName, at: number) => {
    const run = operations[op](ctx).then(
      ({ sent, problem }) => {
        const latencyMs = performance.now() - t0 - at;
        const status = sent.response?.status ?? 0;
        let kind: OutcomeKind = sent.response ? classify(status) : 'network';
        if (kind === 'ok' && problem) kind = 'problem';
        if (kind !== 'ok') errors++;
        outcomes.push({
          op,
          at,
          latencyMs,
          kind,
          status,
          replica: sent.replica,
          failedOver: sent.failedOver,
          ...(problem
            ? { error: problem }
            : sent.error
              ? { error: sent.error }
              : kind !== 'ok'
                ? { error: sent.response!.body.slice(0, 300) }
                : {}),
        });
      },
      (error: unknown) => {
        // A bug in the driver, not an answer of the system: stop the run loudly.
        throw new Error(`operation ${op} threw: ${error instanceof Error ? error.stack : String(error)}`);
      },
    );
    const tracked = run.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
  };

  let nextProgress = 1000;
  for (let i = 0; i < total; i++) {
    const at = i * intervalMs;
    const wait = at - (performance.now() - t0);
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - t0 - at);
    launch(pickOp(), at);
    if (options.onProgress && at >= nextProgress) {
      nextProgress += 1000;
      options.onProgress({ elapsedMs: at, started: i + 1, inFlight: inFlight.size, errors });
    }
  }
  await Promise.all(inFlight);
  outcomes.sort((a, b) => a.at - b.at);
  return { startedAt, durationMs: options.durationMs, rate: options.rate, seed, outcomes, maxLagMs, maxInFlight };
}
