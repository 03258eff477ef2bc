// Turning a gate decision into rows, inside the caller's transaction: a queued step becomes a
// HEALING command (through the one command-creation path, whitelist-checked and audited) plus
// its healing_actions row; a skipped step becomes a skipped row — once per reason, so an
// evaluation every minute during a long cooldown does not write a row every minute.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { createOrReplay } from '../commands/create.ts';
import { check, type CheckResult } from '../whitelists/service.ts';
import { HEALING_SYSTEM, MAX_RETRIES, TIMEOUT_SECONDS } from './actions.ts';
import * as actions from './actions-repo.ts';
import type { HealingActionRow } from './actions-repo.ts';
import type { Step } from './rules/types.ts';

export type StepContext = {
  host: string;
  reason: string;
  healthEventId: string | null;
  actor: AuditActor;
  requestedAt: Date;
  dryRun: boolean;
};

/** The command params of a step: host first (the agent's claim filter), then the step's own. */
export const commandParams = (host: string, step: Step, dryRun = false): Record<string, unknown> => ({
  host,
  ...step.params,
  ...(dryRun ? { dry_run: true } : {}),
});

/** The whitelist's verdict on a step as it would be queued. */
export const whitelistVerdict = (client: pg.ClientBase, host: string, step: Step): Promise<CheckResult> =>
  check(client, HEALING_SYSTEM, step.action, commandParams(host, step));

/**
 * An idempotency key for "this action in this situation": the same host, action, params and
 * evidence (the newest sample's time) give the same key, so evaluating an unchanged situation
 * twice replays the first command instead of queueing a second.
 */
export function situationKey(host: string, step: Step, situation: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([host, step.action, step.params, situation]))
    .digest('hex');
  return `healing:${digest}`;
}

export type Queued = { row: HealingActionRow; replayed: boolean };

export async function queueStep(
  client: pg.ClientBase,
  step: Step,
  ctx: StepContext,
  idempotencyKey: string | null,
): Promise<Queued> {
  const { command, replayed } = await createOrReplay(
    client,
    {
      system: HEALING_SYSTEM,
      action: step.action,
      params: commandParams(ctx.host, step, ctx.dryRun),
      source: 'healing',
      idempotencyKey,
      createdBy: ctx.actor.actorLabel,
      maxRetries: MAX_RETRIES[step.action],
      timeoutSeconds: TIMEOUT_SECONDS[step.action],
    },
    ctx.actor,
  );
  if (replayed) {
    const existing = await actions.actionOfCommand(client, command.id);
    if (existing) return { row: existing, replayed: true };
  }
  const row = await actions.insertAction(client, {
    host: ctx.host,
    action: step.action,
    target: step.target,
    params: command.params,
    reason: ctx.reason,
    healthEventId: ctx.healthEventId,
    commandId: command.id,
    status: 'pending',
    dryRun: ctx.dryRun,
    outcome: null,
    requestedBy: ctx.actor.actorLabel,
    requestedAt: ctx.requestedAt,
  });
  return { row, replayed };
}

export const codeOf = (outcome: string | null) => outcome?.split(':')[0] ?? null;

/** Records a skipped step unless the newest row for it is the same skip; the row, or undefined. */
export async function recordSkip(
  client: pg.ClientBase,
  step: Step,
  ctx: StepContext,
  skip: { code: string; detail: string },
  options: { repeat: boolean } = { repeat: false },
): Promise<HealingActionRow | undefined> {
  if (!options.repeat) {
    const latest = await actions.latestFor(client, ctx.host, step.action, step.target);
    if (latest?.status === 'skipped' && codeOf(latest.outcome) === skip.code) return undefined;
  }
  return actions.insertAction(client, {
    host: ctx.host,
    action: step.action,
    target: step.target,
    params: commandParams(ctx.host, step),
    reason: ctx.reason,
    healthEventId: ctx.healthEventId,
    commandId: null,
    status: 'skipped',
    dryRun: ctx.dryRun,
    outcome: `${skip.code}: ${skip.detail}`,
    requestedBy: ctx.actor.actorLabel,
    requestedAt: ctx.requestedAt,
  });
}
