// Faults injected while the workload runs, against the system's own process handles:
//   postgres-restart   PostgreSQL restarted with -m immediate (every session cut, no checkpoint)
//   redis-kill         Redis SIGKILLed, started again after `downMs`
//   api-kill           one admin-api replica SIGKILLed, started again after `downMs`
//   n8n-worker-kill    the n8n worker SIGKILLed, started again after `downMs`
// Each fault's window runs from the moment it is injected until its component is ready again.
// analyzeFaults() attributes the workload's outcomes to the windows (every operation under way
// during the window extended by a settle period), and finds when each fault stopped showing.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemUnderTest } from './system.ts';
import type { Outcome } from './workload.ts';

export const FAULT_KINDS = ['postgres-restart', 'redis-kill', 'api-kill', 'n8n-worker-kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultPlan = { kind: FaultKind; atMs: number; downMs?: number; replica?: number };

export type FaultWindow = {
  kind: FaultKind;
  target: string;
  /** ms after the workload began */
  startMs: number;
  endMs: number;
  error?: string;
};

/** The faults the system has handles for, in the order given, spread evenly over [fromMs, toMs]. */
export function spreadFaults(
  system: SystemUnderTest,
  kinds: readonly FaultKind[],
  fromMs: number,
  toMs: number,
  downMs = 5_000,
): FaultPlan[] {
  const possible = kinds.filter((kind) => handleOf(system, { kind, atMs: 0 }) !== undefined);
  const step = possible.length > 1 ? (toMs - fromMs) / (possible.length - 1) : 0;
  return possible.map((kind, i) => ({ kind, atMs: Math.round(fromMs + i * step), downMs, replica: 1 }));
}

function handleOf(system: SystemUnderTest, plan: FaultPlan) {
  switch (plan.kind) {
    case 'postgres-restart':
      return system.postgres;
    case 'redis-kill':
      return system.redis;
    case 'api-kill':
      return system.apis[(plan.replica ?? 1) % system.apis.length];
    case 'n8n-worker-kill':
      return system.n8n?.worker;
  }
}

async function inject(system: SystemUnderTest, plan: FaultPlan): Promise<string> {
  const handle = handleOf(system, plan);
  if (!handle) throw new Error(`the system has nothing to ${plan.kind}`);
  if (plan.kind === 'postgres-restart') {
    await system.postgres!.restartImmediate();
    return handle.name;
  }
  await handle.kill('SIGKILL');
  await sleep(plan.downMs ?? 5_000);
  await handle.start();
  return handle.name;
}

/**
 * Runs the plan against a clock that reads ms since the workload began; resolves when the
 * last fault is over. Faults run one after another (a later one waits for an earlier one).
 */
export async function runFaults(
  system: SystemUnderTest,
  plan: readonly FaultPlan[],
  clock: () => number,
  log: (line: string) => void = () => undefined,
): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = [];
  for (const fault of [...plan].sort((a, b) => a.atMs - b.atMs)) {
    const wait = fault.atMs - clock();
    if (wait > 0) await sleep(wait);
    const startMs = clock();
    log(`fault: ${fault.kind} at ${(startMs / 1000).toFixed(1)} s`);
    try {
      const target = await inject(system, fault);
      windows.push({ kind: fault.kind, target, startMs, endMs: clock() });
    } catch (error) {
      windows.push({ kind: fault.kind, target: '?', startMs, endMs: clock(), error: (error as Error).message });
    }
    log(`fault: ${fault.kind} over at ${(clock() / 1000).toFixed(1)} s`);
  }
  return windows;
}

export type ErrorCounts = { s4xx: number; s5xx: number; network: number; problems: number; total: number };

export type FaultReport = FaultWindow & {
  durationMs: number;
  operations: number;
  errors: ErrorCounts;
  /**
   * From the fault's start until the first success after the window's last error (its
   * completion), i.e. when operations succeeded again for good; 0 when the fault caused no
   * error at all. Undefined when nothing succeeded afterwards within the window.
   */
  recoveredAfterMs?: number;
};

export type FaultAnalysis = {
  windows: FaultReport[];
  /** Operations finished before the first fault began (the fault-free warm-up). */
  warmUp: { operations: number; errors: ErrorCounts };
  /** Operations scheduled after the last fault ended plus the settle period. */
  afterSettle: { fromMs: number; operations: number; errors: ErrorCounts };
  /** Errors of operations scheduled outside every window (and its settle period). */
  outside: ErrorCounts;
};

export function countErrors(outcomes: readonly Outcome[]): ErrorCounts {
  const c: ErrorCounts = { s4xx: 0, s5xx: 0, network: 0, problems: 0, total: 0 };
  for (const o of outcomes) {
    if (o.kind === 'ok') continue;
    c.total++;
    if (o.kind === '4xx') c.s4xx++;
    else if (o.kind === '5xx') c.s5xx++;
    else if (o.kind === 'network') c.network++;
    else c.problems++;
  }
  return c;
}

export function analyzeFaults(
  windows: readonly FaultWindow[],
  outcomes: readonly Outcome[],
  settleMs: number,
): FaultAnalysis {
  // An operation belongs to a window when it was under way at any time during it (an
  // operation started just before the fault can still be cut by it).
  const inWindow = (o: Outcome, w: FaultWindow) => o.at + o.latencyMs >= w.startMs && o.at <= w.endMs + settleMs;
  const reports = windows.map((w): FaultReport => {
    const mine = outcomes.filter((o) => inWindow(o, w));
    const errors = countErrors(mine);
    let recoveredAfterMs: number | undefined = 0;
    if (errors.total > 0) {
      const lastError = mine.reduce((last, o) => (o.kind !== 'ok' ? Math.max(last, o.at) : last), -Infinity);
      const after = mine.filter((o) => o.kind === 'ok' && o.at > lastError);
      recoveredAfterMs =
        after.length > 0
          ? after.reduce((first, o) => Math.min(first, o.at + o.latencyMs), Infinity) - w.startMs
          : undefined;
    }
    return { ...w, durationMs: w.endMs - w.startMs, operations: mine.length, errors, recoveredAfterMs };
  });
  const firstStart = windows.length ? Math.min(...windows.map((w) => w.startMs)) : Infinity;
  const settledFrom = windows.length ? Math.max(...windows.map((w) => w.endMs)) + settleMs : 0;
  const warm = outcomes.filter((o) => o.at + o.latencyMs < firstStart);
  const settled = outcomes.filter((o) => o.at >= settledFrom);
  return {
    windows: reports,
    warmUp: { operations: warm.length, errors: countErrors(warm) },
    afterSettle: { fromMs: settledFrom, operations: settled.length, errors: countErrors(settled) },
    outside: countErrors(outcomes.filter((o) => !windows.some((w) => inWindow(o, w)))),
  };
}
