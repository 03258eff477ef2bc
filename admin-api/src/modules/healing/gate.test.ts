// The gate (cooldowns, attempt limit, rate limits, dry run) and the promise it exists for: a
// service that stays down, or flaps, for hours of synthetic time gets a fixed, bounded
// sequence of actions — rules and gate run together as the evaluator runs them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reading } from '../../../../tests/helpers/health-samples.ts';
import { decide, type Decision, type GateContext } from './gate.ts';
import { healingPolicySchema, type HealingPolicy } from './policy-schema.ts';
import { runRules } from './rules/index.ts';
import type { PastAction, Reading, Want } from './rules/types.ts';

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const S = 1000;
const MIN = 60 * S;

const restart = (service = 'n8n'): Want => ({
  steps: [{ action: 'RESTART_SERVICE', target: service, params: { service } }],
  reason: 'test',
  detection: `service_down|service.${service}`,
});
const stopStart = (service = 'n8n'): Want => ({
  steps: [
    { action: 'STOP_SERVICE', target: service, params: { service } },
    { action: 'START_SERVICE', target: service, params: { service } },
  ],
  reason: 'test',
  detection: `service_down|service.${service}`,
});

function ctx(over: Partial<Omit<GateContext, 'policy'>> & { policy?: Partial<HealingPolicy> } = {}): GateContext {
  const { policy, ...rest } = over;
  return {
    now: T0,
    policy: healingPolicySchema.parse(policy ?? {}),
    past: [],
    hostCount: 0,
    globalCount: 0,
    dryRun: false,
    whitelist: () => ({ allowed: true }),
    ...rest,
  };
}

const verdicts = (decisions: Decision[]) => decisions.map((d) => (d.verdict === 'queue' ? 'queue' : d.code));

describe('healing gate', () => {
  it('queues what passes and names the first reason that refuses', () => {
    assert.deepEqual(verdicts(decide([restart()], ctx())), ['queue']);
    assert.deepEqual(verdicts(decide([restart()], ctx({ policy: { enabled: false } }))), ['disabled']);
    assert.deepEqual(
      verdicts(decide([{ ...restart(), unavailable: { code: 'not_configured', detail: 'x' } }], ctx())),
      ['not_configured'],
    );
    assert.deepEqual(
      verdicts(decide([restart()], ctx({ whitelist: () => ({ allowed: false, reason: 'HEALING/X is disabled' }) }))),
      ['not_whitelisted'],
    );
    assert.deepEqual(verdicts(decide([restart()], ctx({ dryRun: true }))), ['dry_run']);
  });

  it('keeps one cooldown per service across restart/stop/start, and only an urgent stop skips it', () => {
    const past: PastAction[] = [{ action: 'RESTART_SERVICE', target: 'n8n', at: T0 - 5 * MIN }];
    assert.deepEqual(verdicts(decide([stopStart()], ctx({ past }))), ['cooldown']);
    assert.deepEqual(verdicts(decide([restart('other')], ctx({ past }))), ['queue']);
    const urgentStop: Want = { ...stopStart(), steps: [stopStart().steps[0]!], urgent: true };
    assert.deepEqual(verdicts(decide([urgentStop], ctx({ past }))), ['queue']);
    assert.deepEqual(verdicts(decide([stopStart()], ctx({ past, now: T0 + 5 * MIN }))), ['queue']);
    // Past the cooldown, but the restart has not finished (its agent has not reported): wait.
    for (const status of ['pending', 'running'])
      assert.deepEqual(verdicts(decide([stopStart()], ctx({ past: [{ ...past[0]!, status }], now: T0 + 5 * MIN }))), [
        'in_progress',
      ]);
    // Per-action override: CLEAN_DISK cools down for an hour by default.
    const clean: Want = {
      steps: [{ action: 'CLEAN_DISK', target: '/var/log', params: { path: '/var/log' } }],
      reason: 't',
      detection: 'd',
    };
    const cleaned: PastAction[] = [{ action: 'CLEAN_DISK', target: '/var/log', at: T0 - 30 * MIN }];
    assert.deepEqual(verdicts(decide([clean], ctx({ past: cleaned }))), ['cooldown']);
  });

  it('limits attempts per service, then per host and globally per hour; a stop + start counts two commands', () => {
    const attempts: PastAction[] = [
      { action: 'RESTART_SERVICE', target: 'n8n', at: T0 - 50 * MIN },
      { action: 'STOP_SERVICE', target: 'n8n', at: T0 - 20 * MIN },
      { action: 'START_SERVICE', target: 'n8n', at: T0 - 20 * MIN },
    ];
    assert.deepEqual(verdicts(decide([stopStart()], ctx({ past: attempts }))), ['max_attempts']);
    assert.deepEqual(verdicts(decide([stopStart()], ctx({ hostCount: 9 }))), ['host_rate_limit']);
    assert.deepEqual(verdicts(decide([restart()], ctx({ hostCount: 9 }))), ['queue']);
    assert.deepEqual(verdicts(decide([restart()], ctx({ globalCount: 30 }))), ['global_rate_limit']);
    // Decisions of one evaluation count against the limits and cooldowns of the next want.
    const many = ['a', 'b', 'c', 'd'].map((s) => restart(s));
    assert.deepEqual(verdicts(decide([...many, restart('a')], ctx({ globalCount: 27 }))), [
      'queue',
      'queue',
      'queue',
      'global_rate_limit',
      'cooldown',
    ]);
  });

  describe('restart storms (rules + gate over hours of synthetic time)', () => {
    /** Evaluates after every sample, as the n8n workflow would, feeding queued actions back in. */
    function simulate(
      hours: number,
      stepS: number,
      isDown: (i: number) => boolean,
      policy: Partial<HealingPolicy> = {},
      agent: 'reports' | 'silent' = 'reports',
    ) {
      const parsed = healingPolicySchema.parse(policy);
      const readings: Reading[] = [];
      const failures: Array<{ service: string; at: number }> = [];
      const queued: PastAction[] = [];
      const skipped = new Map<string, number>();
      for (let i = 0; i * stepS < hours * 3600; i++) {
        const at = T0 + i * stepS * S;
        const down = isDown(i);
        readings.push(reading(at, { services: [{ name: 'n8n', kind: 'systemd', status: down ? 'down' : 'up' }] }));
        if (down) failures.push({ service: 'n8n', at });
        const out = runRules({
          host: 'h',
          now: at,
          readings: readings.filter((r) => r.at > at - 1800 * S),
          failures,
          actions: queued,
          policy: parsed,
          hostPolicy: parsed.host_defaults,
        });
        const hourAgo = at - 3600 * S;
        // Like the evaluator: the last hour of actions (an agent that never reports leaves them pending).
        const past = queued.filter((q) => q.at > hourAgo);
        for (const d of decide(out.wants, {
          ...ctx({ now: at, past, policy }),
          hostCount: queued.filter((q) => q.at > hourAgo).length,
          globalCount: queued.filter((q) => q.at > hourAgo).length,
        })) {
          if (d.verdict === 'queue')
            for (const s of d.want.steps)
              queued.push({
                action: s.action,
                target: s.target,
                at,
                status: agent === 'silent' ? 'pending' : 'succeeded',
              });
          else skipped.set(d.code, (skipped.get(d.code) ?? 0) + 1);
        }
      }
      return { queued, skipped };
    }
    const timeline = (queued: PastAction[]) => queued.map((q) => `${(q.at - T0) / S}s ${q.action}`);
    const attemptsIn = (queued: PastAction[], from: number, to: number) =>
      queued.filter((q) => q.action !== 'START_SERVICE' && q.at > from && q.at <= to).length;

    it('a service down for 3 hours: restart, stop+start, then at most 2 attempts an hour, 10 min apart', () => {
      const { queued } = simulate(3, 60, () => true);
      assert.deepEqual(timeline(queued), [
        '120s RESTART_SERVICE',
        '720s STOP_SERVICE',
        '720s START_SERVICE',
        '3720s STOP_SERVICE',
        '3720s START_SERVICE',
        '4320s STOP_SERVICE',
        '4320s START_SERVICE',
        '7320s STOP_SERVICE',
        '7320s START_SERVICE',
        '7920s STOP_SERVICE',
        '7920s START_SERVICE',
      ]);
    });

    it('an agent that never reports gets one restart an hour, nothing piled up behind it', () => {
      const { queued, skipped } = simulate(3, 60, () => true, {}, 'silent');
      assert.deepEqual(timeline(queued), ['120s RESTART_SERVICE', '3720s RESTART_SERVICE', '7320s RESTART_SERVICE']);
      assert.ok((skipped.get('in_progress') ?? 0) > 0);
    });

    it('a service flapping for 6 hours never gets more than the attempt limit per hour', () => {
      // down 3 samples, up 2, at 20 s intervals: a failure streak every 100 s.
      const { queued } = simulate(6, 20, (i) => i % 5 < 3);
      assert.ok(queued.length > 0);
      assert.equal(queued[0]!.action, 'RESTART_SERVICE');
      const attempts = queued.filter((q) => q.action !== 'START_SERVICE');
      for (const a of attempts) assert.ok(attemptsIn(queued, a.at - 3600 * S, a.at) <= 2, `${timeline(queued)}`);
      for (let i = 1; i < attempts.length; i++)
        assert.ok(attempts[i]!.at - attempts[i - 1]!.at >= 600 * S, `${timeline(queued)}`);
      // 6 hours × at most 2 attempts per hour.
      assert.ok(attempts.length <= 12, `${attempts.length} attempts`);
    });

    it('a low host rate limit caps everything, whatever the other settings', () => {
      const { queued, skipped } = simulate(3, 60, () => true, {
        service_max_attempts: 100,
        cooldown_s: 0,
        max_actions_per_host_per_hour: 3,
      });
      for (const q of queued) assert.ok(queued.filter((o) => o.at > q.at - 3600 * S && o.at <= q.at).length <= 3);
      assert.ok((skipped.get('host_rate_limit') ?? 0) > 0);
    });
  });
});
