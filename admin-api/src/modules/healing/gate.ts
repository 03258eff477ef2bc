// The gate every healing action passes before it is queued — evaluated ones and those
// requested by hand alike. Pure: it sees the recent actions and counts, never the clock or
// the database. In order (the first that applies is the recorded reason):
//   unavailable        the rule already knows it cannot be done (not configured, not allowed)
//   disabled           healing is switched off (setting healing.enabled)
//   not_whitelisted    the HEALING whitelist entry is missing or disabled, or params do not type-check
//   cooldown           an action on the same target was queued less than its cooldown ago
//   in_progress        an earlier action on the same target has not finished (its agent has not
//                      reported yet): commands never pile up behind an agent that is not taking them
//   max_attempts       a service already had service_max_attempts attempts in the attempt window
//   host_rate_limit    the host had max_actions_per_host_per_hour commands in the last hour
//   global_rate_limit  all hosts together had max_actions_per_hour
//   dry_run            everything passed, but this evaluation only decides
// Cooldowns, the attempt limit and both rate limits are what keep a flapping service (or a
// wrong threshold) from becoming a restart storm (ARCHITECTURE "Restart storms").
import { ATTEMPT_ACTIONS, cooldownKey } from './actions.ts';
import { cooldownSeconds, type HealingPolicy } from './policy-schema.ts';
import type { PastAction, Step, Want } from './rules/types.ts';

export type WhitelistVerdict = { allowed: boolean; reason?: string };

export type GateContext = {
  now: number;
  policy: HealingPolicy;
  /** This host's queued actions (not skipped, not dry runs) of at least the last hour. */
  past: PastAction[];
  /** Commands queued in the last hour, for this host and for all hosts. */
  hostCount: number;
  globalCount: number;
  dryRun: boolean;
  /** The whitelist's verdict on one step (with the params it would be queued with). */
  whitelist: (step: Step) => WhitelistVerdict;
};

export type Decision = { want: Want; verdict: 'queue' } | { want: Want; verdict: 'skip'; code: string; detail: string };

const HOUR_MS = 3_600_000;

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export function decide(wants: readonly Want[], ctx: GateContext): Decision[] {
  const { now, policy } = ctx;
  const past = [...ctx.past];
  let hostCount = ctx.hostCount;
  let globalCount = ctx.globalCount;
  const decisions: Decision[] = [];
  const skip = (want: Want, code: string, detail: string) => decisions.push({ want, verdict: 'skip', code, detail });

  for (const want of wants) {
    const first = want.steps[0]!;
    if (want.unavailable) {
      skip(want, want.unavailable.code, want.unavailable.detail);
      continue;
    }
    if (!policy.enabled) {
      skip(want, 'disabled', 'healing is disabled (setting healing.enabled)');
      continue;
    }
    const refused = want.steps.map((s) => ctx.whitelist(s)).find((verdict) => !verdict.allowed);
    if (refused) {
      skip(want, 'not_whitelisted', refused.reason ?? 'not whitelisted');
      continue;
    }

    // Cooldown: against actions on the same target; an urgent want only against its own action.
    const key = cooldownKey(first.action, first.target);
    const cooldownMs = cooldownSeconds(policy, first.action) * 1000;
    const sameTarget = (p: PastAction) =>
      want.urgent ? p.action === first.action && p.target === first.target : cooldownKey(p.action, p.target) === key;
    const blocking = past
      .filter(sameTarget)
      .filter((p) => now - p.at < cooldownMs)
      .sort((a, b) => b.at - a.at)[0];
    if (blocking) {
      skip(
        want,
        'cooldown',
        `${blocking.action}${blocking.target ? ` ${blocking.target}` : ''} was queued ${ago(now - blocking.at)} ago (cooldown ${cooldownMs / 1000} s)`,
      );
      continue;
    }

    // Earlier in this same evaluation (at = now) is the cooldown's business, not this check's.
    const unfinished = past.find(
      (p) => (p.status === 'pending' || p.status === 'running') && p.at < now && sameTarget(p),
    );
    if (unfinished) {
      skip(
        want,
        'in_progress',
        `${unfinished.action}${unfinished.target ? ` ${unfinished.target}` : ''} queued ${ago(now - unfinished.at)} ago has not finished`,
      );
      continue;
    }

    if (!want.urgent && want.steps.some((s) => ATTEMPT_ACTIONS.has(s.action))) {
      const since = now - policy.service_attempt_window_s * 1000;
      const attempts = past.filter(
        (p) => ATTEMPT_ACTIONS.has(p.action) && p.target === first.target && p.at > since,
      ).length;
      if (attempts >= policy.service_max_attempts) {
        skip(
          want,
          'max_attempts',
          `${attempts} attempts on ${first.target} within ${policy.service_attempt_window_s} s (at most ${policy.service_max_attempts})`,
        );
        continue;
      }
    }

    const n = want.steps.length;
    if (hostCount + n > policy.max_actions_per_host_per_hour) {
      skip(
        want,
        'host_rate_limit',
        `${hostCount} actions on this host in the last hour (at most ${policy.max_actions_per_host_per_hour})`,
      );
      continue;
    }
    if (globalCount + n > policy.max_actions_per_hour) {
      skip(
        want,
        'global_rate_limit',
        `${globalCount} actions on all hosts in the last hour (at most ${policy.max_actions_per_hour})`,
      );
      continue;
    }
    if (ctx.dryRun) {
      skip(want, 'dry_run', 'dry run: would be queued');
      continue;
    }
    hostCount += n;
    globalCount += n;
    for (const s of want.steps) past.push({ action: s.action, target: s.target, at: now, status: 'pending' });
    decisions.push({ want, verdict: 'queue' });
  }
  return decisions;
}

export const RATE_WINDOW_MS = HOUR_MS;

/**
 * How far back the gate needs a host's queued actions: the longest cooldown, the attempt
 * window and the rate limits' hour. Older unfinished actions no longer hold a target back, so
 * an agent that never answers gets at most one command per target and window.
 */
export function actionHistoryMs(policy: HealingPolicy): number {
  const cooldowns = Object.values(policy.action_cooldowns_s).filter((v): v is number => v !== undefined);
  return 1000 * Math.max(3600, policy.service_attempt_window_s, policy.cooldown_s, ...cooldowns);
}
