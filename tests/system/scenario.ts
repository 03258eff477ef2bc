// One whole-system run, the same for the CI suites and the benchmarks: the open-loop workload,
// the fault schedule on the same clock, the figures, the fault analysis, the reconciliation,
// and a verdict against the targets:
//   always        nothing acknowledged lost, no unexplained duplicate, no 2xx with wrong content;
//   no faults     no error of any kind (4xx, 5xx, network);
//   with faults   none in the fault-free warm-up, none after the last fault plus the settle
//                 period, and every fault recovered from by itself.
import { analyzeFaults, runFaults, type FaultAnalysis, type FaultPlan, type FaultWindow } from './faults.ts';
import { reconcile, type ReconcileOptions, type Reconciliation } from './reconcile.ts';
import { figuresByOp, type OpFigures } from './report.ts';
import { runWorkload, type Outcome, type Session, type WorkloadOptions, type WorkloadRun } from './workload.ts';

export type ScenarioOptions = WorkloadOptions & {
  faults?: FaultPlan[];
  /** After a fault's component is back, errors are still attributed to it for this long. */
  settleMs?: number;
  reconcile?: ReconcileOptions;
  log?: (line: string) => void;
};

export type Verdict = { ok: boolean; failures: string[] };

export type ScenarioResult = {
  run: Omit<WorkloadRun, 'outcomes'>;
  /** Every operation that did not end in a correct 2xx (at most 200), for the diagnosis. */
  errors: Outcome[];
  figures: OpFigures[];
  faults?: FaultAnalysis;
  reconciliation: Reconciliation;
  verdict: Verdict;
};

export async function runScenario(session: Session, options: ScenarioOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const settleMs = options.settleMs ?? 10_000;
  const clockStart = performance.now();
  const clock = () => performance.now() - clockStart;
  const [run, windows] = await Promise.all([
    runWorkload(session, { ...options, clockStart }),
    options.faults?.length ? runFaults(session.system, options.faults, clock, log) : Promise.resolve(undefined),
  ]);
  const faults = windows ? analyzeFaults(windows, run.outcomes, settleMs) : undefined;
  log('reconciling');
  const reconciliation = await reconcile(session, run.startedAt, { log, ...options.reconcile });
  const figures = figuresByOp(run);
  const { outcomes: _outcomes, ...summary } = run;
  const errors = run.outcomes.filter((o) => o.kind !== 'ok').slice(0, 200);
  return {
    run: summary,
    errors,
    figures,
    faults,
    reconciliation,
    verdict: judge(figures, windows, faults, reconciliation),
  };
}

export function judge(
  figures: readonly OpFigures[],
  windows: readonly FaultWindow[] | undefined,
  faults: FaultAnalysis | undefined,
  r: Reconciliation,
): Verdict {
  const failures: string[] = [];
  const total = figures.find((f) => f.op === 'total')!;
  if (r.lost.count > 0) failures.push(`${r.lost.count} acknowledged writes lost`);
  if (!r.outbox.drained) failures.push('the outbox did not drain before the deadline');
  if (r.outbox.unexplainedUndelivered > 0)
    failures.push(`${r.outbox.unexplainedUndelivered} outbox rows of the run not delivered`);
  if (r.sink.missing > 0) failures.push(`${r.sink.missing} webhooks never reached the sink`);
  if (r.sink.unexplainedDuplicates.length > 0)
    failures.push(`${r.sink.unexplainedDuplicates.length} duplicate webhooks without a lost attempt`);
  if (!faults && r.sink.duplicates > 0) failures.push(`${r.sink.duplicates} duplicate webhooks without any fault`);
  if (r.sink.unexpected > 0) failures.push(`${r.sink.unexpected} webhooks the outbox does not know`);
  if (r.sink.badSignatures > 0) failures.push(`${r.sink.badSignatures} webhooks with a bad signature`);
  if (r.n8n && !r.n8n.enough)
    failures.push(
      `n8n ran ${r.n8n.executions.total} ingest fan-out executions for ${r.n8n.acknowledgedIngestRequests} acknowledged ingest requests`,
    );
  if (total.problems > 0) failures.push(`${total.problems} 2xx answers with wrong content`);
  if (!faults) {
    const errors = total.s4xx + total.s5xx + total.network;
    if (errors > 0)
      failures.push(`${errors} errors without faults (4xx ${total.s4xx}, 5xx ${total.s5xx}, network ${total.network})`);
  } else {
    if (faults.warmUp.errors.total > 0) failures.push(`${faults.warmUp.errors.total} errors in the fault-free warm-up`);
    if (faults.afterSettle.errors.total > 0)
      failures.push(`${faults.afterSettle.errors.total} errors after the last fault had settled`);
    if (faults.outside.total > 0) failures.push(`${faults.outside.total} errors outside every fault window`);
    for (const w of faults.windows) {
      if (w.error) failures.push(`fault ${w.kind} could not be injected: ${w.error}`);
      else if (w.recoveredAfterMs === undefined) failures.push(`no recovery after ${w.kind} (${w.target})`);
    }
    if ((windows?.length ?? 0) === 0) failures.push('no fault was injected');
  }
  return { ok: failures.length === 0, failures };
}
