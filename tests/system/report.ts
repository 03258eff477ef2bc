// Figures of a workload run: per operation (and in total) the count, throughput, latency
// percentiles and how the answers split (2xx, 4xx of which 429, 5xx, network errors, 2xx
// with wrong content), plus a plain-text table of them.
import { summarize, type LatencySummary } from './latency.ts';
import type { ScenarioResult } from './scenario.ts';
import type { Outcome, WorkloadRun } from './workload.ts';

export type OpFigures = {
  op: string;
  count: number;
  perSecond: number;
  latencyMs: LatencySummary;
  ok: number;
  s4xx: number;
  s429: number;
  s5xx: number;
  network: number;
  problems: number;
  failovers: number;
};

export function figures(op: string, outcomes: readonly Outcome[], durationMs: number): OpFigures {
  const count = (predicate: (o: Outcome) => boolean) => outcomes.filter(predicate).length;
  return {
    op,
    count: outcomes.length,
    perSecond: outcomes.length / (durationMs / 1000),
    latencyMs: summarize(outcomes.map((o) => o.latencyMs)),
    ok: count((o) => o.kind === 'ok'),
    s4xx: count((o) => o.kind === '4xx'),
    s429: count((o) => o.status === 429),
    s5xx: count((o) => o.kind === '5xx'),
    network: count((o) => o.kind === 'network'),
    problems: count((o) => o.kind === 'problem'),
    failovers: count((o) => o.failedOver),
  };
}

/** One row per operation kind that ran, then the total. */
export function figuresByOp(run: WorkloadRun): OpFigures[] {
  const byOp = new Map<string, Outcome[]>();
  for (const o of run.outcomes) {
    const list = byOp.get(o.op);
    if (list) list.push(o);
    else byOp.set(o.op, [o]);
  }
  const rows = [...byOp.keys()].sort().map((op) => figures(op, byOp.get(op)!, run.durationMs));
  rows.push(figures('total', run.outcomes, run.durationMs));
  return rows;
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function formatTable(rows: readonly OpFigures[]): string {
  const header = [
    'operation',
    'count',
    '/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    '2xx',
    '4xx',
    '429',
    '5xx',
    'net',
    'bad',
    'f/o',
  ];
  const lines = rows.map((r) => [
    r.op,
    String(r.count),
    r.perSecond.toFixed(1),
    ms(r.latencyMs.p50),
    ms(r.latencyMs.p95),
    ms(r.latencyMs.p99),
    ms(r.latencyMs.max),
    String(r.ok),
    String(r.s4xx),
    String(r.s429),
    String(r.s5xx),
    String(r.network),
    String(r.problems),
    String(r.failovers),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}

/** The reconciliation and verdict of a run, as the benchmarks print them. */
export function reconciliationLines(result: ScenarioResult): string[] {
  const r = result.reconciliation;
  return [
    `reconciliation: acknowledged ${JSON.stringify(r.acknowledged)}; lost ${r.lost.count}`,
    `  outbox ${r.outbox.drained ? `drained in ${(r.outbox.drainMs / 1000).toFixed(1)} s` : 'NOT drained'}: ${JSON.stringify(r.outbox.byStatus)}`,
    ...Object.entries(r.outbox.undeliveredReasons).map(([reason, n]) => `    ${n} × ${reason}`),
    `  sink: ${JSON.stringify(r.sink)}`,
    ...(r.n8n ? [`  n8n ingest fan-out: ${JSON.stringify(r.n8n)}`] : []),
    result.verdict.ok ? 'targets met' : `TARGETS MISSED:\n  ${result.verdict.failures.join('\n  ')}`,
  ];
}
