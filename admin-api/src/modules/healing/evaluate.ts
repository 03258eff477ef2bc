// Health evaluation (POST /api/v1/health/evaluate; n8n's healing workflows call it through the
// Chronos node): per host, load the recent samples, failures and actions, run the pure rules
// (rules/), store the detections, pass the wanted actions through the gate (gate.ts) and queue
// or record them. One transaction per host, under an advisory lock per host (and one for the
// global rate limit), so concurrent evaluations of a host take turns and never queue twice.
//
// The clock is a parameter (`now`): the route passes the real time, tests pass synthetic
// times that match synthetic sample timestamps — no sleeping to test "3 failures in 10 min".
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit } from '../audit/repo.ts';
import * as samples from '../host-samples/repo.ts';
import { MAX_FUTURE_SKEW_MS } from '../host-samples/schemas.ts';
import * as actions from './actions-repo.ts';
import { emitAlert, emitResolved } from './alert.ts';
import * as events from './events-repo.ts';
import { actionHistoryMs, decide, RATE_WINDOW_MS, type Decision } from './gate.ts';
import { HEALTH_HOST_LOCK, HEALING_GATE_LOCK } from './locks.ts';
import { loadPolicy } from './policy.ts';
import { policyForHost, type HealingPolicy } from './policy-schema.ts';
import { queueStep, recordSkip, situationKey, whitelistVerdict, type StepContext } from './queue.ts';
import { runRules } from './rules/index.ts';
import { detectionKey, SEVERITY_RANK, type Step } from './rules/types.ts';
import type { ActionResult, DetectionResult, Evaluation, HostEvaluation } from './schemas.ts';
import type { CheckResult } from '../whitelists/service.ts';

export type EvaluateOptions = {
  host?: string;
  /** false: report only, write nothing. */
  apply: boolean;
  /** true: store detections, record wanted actions as skipped (dry_run), queue nothing. */
  dryRun: boolean;
  now: Date;
  actor: AuditActor;
};

/** At most this many of a host's newest samples are read per evaluation. */
const MAX_SAMPLES = 2_000;

/** How far back the rules look: the longest window, and at least half an hour. */
export function lookbackMs(policy: HealingPolicy): number {
  return (
    1000 *
    Math.max(
      1800,
      policy.gpu_utilization_sustained_s,
      policy.gpu_hang_seconds,
      policy.service_failure_window_s,
      policy.xid_window_s,
    )
  );
}

export async function evaluate(pool: pg.Pool, options: EvaluateOptions): Promise<Evaluation> {
  const policy = await loadPolicy(pool);
  const now = options.now;
  const hosts = options.host
    ? [options.host]
    : await samples.hostsWithSamples(pool, new Date(now.getTime() - lookbackMs(policy)), now);
  const results: HostEvaluation[] = [];
  for (const host of hosts) results.push(await withTransaction(pool, (client) => evaluateHost(client, host, options)));
  return { evaluated_at: now.toISOString(), applied: options.apply, dry_run: options.dryRun, hosts: results };
}

async function evaluateHost(client: pg.ClientBase, host: string, options: EvaluateOptions): Promise<HostEvaluation> {
  const { apply, now, actor } = options;
  if (apply) await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HEALTH_HOST_LOCK, host]);
  // Read after the lock: a concurrent evaluation's decisions are visible now.
  const policy = await loadPolicy(client);
  const dryRun = options.dryRun || policy.dry_run;
  const t = now.getTime();
  const from = new Date(t - lookbackMs(policy));
  // Samples stamped a little ahead of this clock (the agent host's clock runs ahead; the push
  // allows that much) are the newest evidence, not something to ignore.
  const until = new Date(t + MAX_FUTURE_SKEW_MS);
  const rows = await samples.recentSamples(client, host, from, until, MAX_SAMPLES);
  const result: HostEvaluation = {
    host,
    samples: rows.length,
    latest_sample_at: rows.at(-1)?.taken_at.toISOString() ?? null,
    skipped: null,
    detections: [],
    resolved: [],
    actions: [],
  };
  if (rows.length === 0) {
    result.skipped = `no samples in the ${lookbackMs(policy) / 1000} s before ${now.toISOString()}`;
    return result;
  }
  const failures = await samples.recentFailures(
    client,
    host,
    new Date(t - policy.service_failure_window_s * 1000),
    until,
  );
  const history = await actions.recentQueued(client, host, new Date(t - actionHistoryMs(policy)), now);
  const hostPolicy = policyForHost(policy, host);
  const past = history.map((a) => ({
    action: a.action,
    target: a.target,
    at: a.requested_at.getTime(),
    status: a.status,
  }));
  const out = runRules({
    host,
    now: t,
    readings: rows.map((r) => ({ at: r.taken_at.getTime(), metrics: r.metrics })),
    failures: failures.map((f) => ({ service: f.service, at: f.failed_at.getTime() })),
    actions: past,
    policy,
    hostPolicy,
  });

  // Detections: update the open ones that persist, open new ones, resolve the ones that cleared.
  const open = new Map((await events.openEvents(client, host)).map((row) => [detectionKey(row), row]));
  const eventIds = new Map<string, string>();
  let changed = 0;
  for (const d of out.detections) {
    const key = detectionKey(d);
    const existing = open.get(key);
    open.delete(key);
    let state: DetectionResult['state'] = 'new';
    let eventId: string | null = existing?.id ?? null;
    if (existing) {
      state = SEVERITY_RANK[d.severity] > SEVERITY_RANK[existing.severity] ? 'escalated' : 'ongoing';
      if (apply) {
        const row = await events.updateOpenEvent(client, existing.id, d, now);
        if (state === 'escalated') {
          await emitAlert(client, row, true);
          changed++;
        }
      }
    } else if (apply) {
      const row = await events.insertEvent(client, host, d, now);
      eventId = row.id;
      if (d.severity !== 'info') await emitAlert(client, row);
      changed++;
    }
    if (eventId) eventIds.set(key, eventId);
    result.detections.push({ ...d, state, event_id: eventId });
  }
  for (const row of open.values()) {
    result.resolved.push({ event_id: row.id, kind: row.kind, metric: row.metric });
    if (!apply) continue;
    const resolved = await events.resolveEvent(client, row.id, now);
    if (resolved.severity !== 'info') await emitResolved(client, resolved);
    changed++;
  }

  // Actions: the gate decides; then queue or record.
  if (apply) await client.query('SELECT pg_advisory_xact_lock($1, 0)', [HEALING_GATE_LOCK]);
  const hourAgo = new Date(t - RATE_WINDOW_MS);
  const verdicts = new Map<Step, CheckResult>();
  for (const want of out.wants)
    if (!want.unavailable)
      for (const step of want.steps) verdicts.set(step, await whitelistVerdict(client, host, step));
  const decisions = decide(out.wants, {
    now: t,
    policy,
    past,
    hostCount: past.filter((p) => p.at > hourAgo.getTime()).length,
    globalCount: await actions.countQueued(client, hourAgo, now),
    dryRun,
    whitelist: (step) => verdicts.get(step) ?? { allowed: false, reason: 'not checked' },
  });
  const situation = result.latest_sample_at!;
  for (const decision of decisions) {
    const recorded = await applyDecision(client, decision, {
      host,
      reason: decision.want.reason,
      healthEventId: eventIds.get(decision.want.detection) ?? null,
      actor,
      requestedAt: now,
      dryRun,
      apply,
      situation,
    });
    result.actions.push(...recorded);
    changed += recorded.filter((r) => r.recorded && r.decision !== 'replayed').length;
  }

  if (apply && changed > 0)
    await appendAudit(client, {
      ...actor,
      entity: 'health_host',
      entityId: host,
      action: 'evaluate',
      details: {
        evaluated_at: now.toISOString(),
        dry_run: dryRun,
        detections: result.detections.filter((d) => d.state !== 'ongoing').map((d) => `${d.kind} ${d.metric ?? ''}`),
        resolved: result.resolved.length,
        queued: result.actions.filter((a) => a.decision === 'queued').map((a) => `${a.action} ${a.target ?? ''}`),
        skipped: result.actions.filter((a) => a.decision === 'skipped' && a.recorded).length,
      },
    });
  return result;
}

async function applyDecision(
  client: pg.ClientBase,
  decision: Decision,
  ctx: StepContext & { apply: boolean; situation: string },
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const step of decision.want.steps) {
    const base = {
      action: step.action,
      target: step.target,
      params: { host: ctx.host, ...step.params },
      reason: decision.want.reason,
    };
    if (decision.verdict === 'skip') {
      const outcome = `${decision.code}: ${decision.detail}`;
      const row = ctx.apply
        ? await recordSkip(client, step, ctx, { code: decision.code, detail: decision.detail })
        : undefined;
      results.push({
        ...base,
        decision: 'skipped',
        outcome,
        recorded: row !== undefined,
        command_id: null,
        healing_action_id: row?.id ?? null,
      });
    } else if (!ctx.apply) {
      results.push({
        ...base,
        decision: 'would_queue',
        outcome: null,
        recorded: false,
        command_id: null,
        healing_action_id: null,
      });
    } else {
      const { row, replayed } = await queueStep(client, step, ctx, situationKey(ctx.host, step, ctx.situation));
      results.push({
        ...base,
        decision: replayed ? 'replayed' : 'queued',
        outcome: row.outcome,
        recorded: !replayed,
        command_id: row.command_id,
        healing_action_id: row.id,
      });
    }
  }
  return results;
}
