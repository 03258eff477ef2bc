// POST /api/v1/healing-actions: an operator (or a workflow) asks for one action on one host.
// Same path as evaluated actions — whitelist (422 with field errors when the params do not
// type-check), cooldown, the service attempt limit and both rate limits (a refusal is stored
// as a skipped action and returned, not an error) — plus what a host allows (allow_gpu_reset,
// reboot_enabled) and, for REBOOT, the reboot safety checks. `healing.enabled` switches off
// automatic healing only: a person asking explicitly is not automation.
//
// dry_run (or the setting healing.dry_run) queues the command with dry_run: the agent reports
// what it would do and does nothing, so it needs no cooldown or rate limit.
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { conflict } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { assertWhitelisted } from '../commands/insert.ts';
import { findByIdempotencyKey } from '../commands/repo.ts';
import { HEALING_SYSTEM, targetOf, type HealingActionName } from './actions.ts';
import * as actions from './actions-repo.ts';
import { actionHistoryMs, decide, RATE_WINDOW_MS } from './gate.ts';
import { HEALING_GATE_LOCK, HEALTH_HOST_LOCK } from './locks.ts';
import { loadPolicy } from './policy.ts';
import { policyForHost } from './policy-schema.ts';
import { commandParams, queueStep, recordSkip, type StepContext } from './queue.ts';
import { toActionDto } from './record.ts';
import type { Step, Want } from './rules/types.ts';
import type { HealingActionInput, RebootCheck } from './schemas.ts';

export type RequestOptions = {
  actor: AuditActor;
  now: Date;
  /** The reboot safety checks (reboot-check.ts), run before the transaction: they may call n8n. */
  rebootCheck: (host: string) => Promise<RebootCheck>;
};

const RISK: Partial<Record<HealingActionName, number>> = { REBOOT: 50, RESET_GPU: 40, STOP_SERVICE: 30 };

export async function requestAction(pool: pg.Pool, input: HealingActionInput, options: RequestOptions) {
  const { actor, now } = options;
  const step: Step = { action: input.action, target: targetOf(input.action, input.params), params: input.params };
  const key = input.idempotency_key ? `healing:manual:${input.idempotency_key}` : null;
  const safety = input.action === 'REBOOT' && !input.dry_run ? await options.rebootCheck(input.host) : undefined;

  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HEALTH_HOST_LOCK, input.host]);
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [HEALING_GATE_LOCK]);
    const policy = await loadPolicy(client);
    const hostPolicy = policyForHost(policy, input.host);
    const dryRun = input.dry_run || policy.dry_run;
    // A repeated request (same idempotency key) answers with what the first one did.
    if (key) {
      const earlier = await findByIdempotencyKey(client, key);
      if (earlier && !isDeepStrictEqual(earlier.params, commandParams(input.host, step, dryRun)))
        throw conflict(`idempotency_key "${input.idempotency_key}" was already used for another action`, {
          command_id: earlier.id,
        });
      const row = earlier ? await actions.actionOfCommand(client, earlier.id) : undefined;
      if (row) return { ...toActionDto(row), queued: true, replayed: true };
    }
    await assertWhitelisted(client, HEALING_SYSTEM, step.action, commandParams(input.host, step, dryRun));

    const want: Want = {
      steps: [step],
      reason: input.reason ?? `requested by ${actor.actorLabel ?? actor.actorType}`,
      detection: '',
    };
    if (step.action === 'RESET_GPU' && !hostPolicy.allow_gpu_reset)
      want.unavailable = { code: 'not_allowed', detail: 'GPU reset is not allowed on this host (allow_gpu_reset)' };
    else if (step.action === 'REBOOT' && !hostPolicy.reboot_enabled)
      want.unavailable = { code: 'not_allowed', detail: 'reboot is not enabled for this host (reboot_enabled)' };
    else if (safety && !safety.allowed)
      want.unavailable = {
        code: 'safety_check',
        detail: safety.checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name}: ${c.detail}`)
          .join('; '),
      };

    const t = now.getTime();
    const history = await actions.recentQueued(client, input.host, new Date(t - actionHistoryMs(policy)), now);
    const past = history.map((a) => ({
      action: a.action,
      target: a.target,
      at: a.requested_at.getTime(),
      status: a.status,
    }));
    const [decision] =
      dryRun && !want.unavailable
        ? [{ want, verdict: 'queue' as const }]
        : decide([want], {
            now: t,
            policy: { ...policy, enabled: true },
            past,
            hostCount: past.filter((p) => p.at > t - RATE_WINDOW_MS).length,
            globalCount: await actions.countQueued(client, new Date(t - RATE_WINDOW_MS), now),
            dryRun: false,
            whitelist: () => ({ allowed: true }),
          });

    const ctx: StepContext = {
      host: input.host,
      reason: want.reason,
      healthEventId: null,
      actor,
      requestedAt: now,
      dryRun,
    };
    const row =
      decision!.verdict === 'queue'
        ? (await queueStep(client, step, ctx, key)).row
        : (await recordSkip(client, step, ctx, { code: decision!.code, detail: decision!.detail }, { repeat: true }))!;
    const dto = toActionDto(row);
    await appendAudit(client, {
      ...actor,
      entity: 'healing_action',
      entityId: row.id,
      action: 'request',
      newValue: {
        host: dto.host,
        action: dto.action,
        params: dto.params,
        status: dto.status,
        outcome: dto.outcome,
        dry_run: dto.dry_run,
        command_id: dto.command_id,
      },
      riskScore: RISK[step.action] ?? 20,
    });
    return { ...dto, queued: row.status !== 'skipped', replayed: false };
  });
}
