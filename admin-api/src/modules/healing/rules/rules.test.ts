// The health rules as pure functions over synthetic sample series: what each scenario of the
// issue (normal, overheating ramp, memory pressure, hang, XID, no GPU, nvidia-smi failing,
// disk, services) detects and which actions it wants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { disk, gpu, reading, type MetricsOverride } from '../../../../../tests/helpers/health-samples.ts';
import { healingPolicySchema, type HealingPolicy, type HostPolicy } from '../policy-schema.ts';
import { runRules } from './index.ts';
import type { PastAction, Reading, RuleInput } from './types.ts';

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const S = 1000;

type Options = {
  policy?: Partial<HealingPolicy>;
  host?: Partial<HostPolicy>;
  actions?: PastAction[];
  now?: number;
};

function input(readings: Reading[], options: Options = {}): RuleInput {
  const policy = healingPolicySchema.parse(options.policy ?? {});
  const failures = readings.flatMap((r) =>
    r.metrics.services.filter((s) => s.status === 'down').map((s) => ({ service: s.name, at: r.at })),
  );
  return {
    host: 'gpu-01',
    now: options.now ?? readings.at(-1)?.at ?? T0,
    readings,
    failures,
    actions: options.actions ?? [],
    policy,
    hostPolicy: { ...policy.host_defaults, gpu_service: 'ollama', ...options.host },
  };
}

/** `n` readings every `stepS` seconds from T0, each built from its index. */
const series = (n: number, stepS: number, build: (i: number) => MetricsOverride) =>
  Array.from({ length: n }, (_, i) => reading(T0 + i * stepS * S, build(i)));

const kinds = (out: ReturnType<typeof runRules>) => out.detections.map((d) => `${d.kind}:${d.severity}`).sort();
const steps = (out: ReturnType<typeof runRules>) =>
  out.wants.map((w) => w.steps.map((s) => `${s.action}${s.target ? ` ${s.target}` : ''}`).join(' + '));

describe('health rules', () => {
  it('finds nothing on a healthy host, with or without a GPU', () => {
    assert.deepEqual(kinds(runRules(input(series(10, 10, () => ({}))))), []);
    const withGpu = runRules(input(series(40, 10, () => ({ gpus: [gpu()] }))));
    assert.deepEqual(kinds(withGpu), []);
    assert.deepEqual(withGpu.wants, []);
  });

  it('detects CPU and RAM overload only when held for hold_samples samples', () => {
    const two = series(5, 10, (i) => ({ cpu: { percent: i >= 3 ? 97 : 20 } }));
    assert.deepEqual(kinds(runRules(input(two))), []);
    const three = series(5, 10, (i) => ({ cpu: { percent: i >= 2 ? 97 : 20 }, memory: { used_percent: 95 } }));
    const out = runRules(input(three));
    assert.deepEqual(kinds(out), ['cpu_overload:warning', 'memory_overload:warning']);
    assert.equal(out.detections.find((d) => d.kind === 'cpu_overload')!.threshold, 90);
    assert.deepEqual(out.wants, []);
  });

  it('detects sustained GPU utilisation > 95 % only after gpu_utilization_sustained_s', () => {
    const busy = (n: number) => series(n, 10, () => ({ gpus: [gpu({ utilization_percent: 97 })] }));
    assert.deepEqual(kinds(runRules(input(busy(30)))), []); // 290 s
    assert.deepEqual(kinds(runRules(input(busy(31)))), ['gpu_overload:warning']); // 300 s
  });

  it('grades GPU memory pressure: ≥ 90 % warning, ≥ 95 % critical (held)', () => {
    const mem = (pct: number) => runRules(input(series(5, 10, () => ({ gpus: [gpu({ memory_used_percent: pct })] }))));
    assert.deepEqual(kinds(mem(89)), []);
    assert.deepEqual(kinds(mem(92)), ['gpu_memory_pressure:warning']);
    assert.deepEqual(kinds(mem(96)), ['gpu_memory_pressure:critical']);
    // Unknown percentage: computed from MiB; unknown MiB too: never a detection.
    const computed = series(5, 10, () => ({
      gpus: [gpu({ memory_used_percent: null, memory_used_mib: 39_000, memory_total_mib: 40_000 })],
    }));
    assert.deepEqual(kinds(runRules(input(computed))), ['gpu_memory_pressure:critical']);
    const unknown = series(5, 10, () => ({
      gpus: [gpu({ memory_used_percent: null, memory_used_mib: null, memory_total_mib: null })],
    }));
    assert.deepEqual(kinds(runRules(input(unknown))), []);
  });

  describe('GPU hang', () => {
    const pegged = (
      n: number,
      power: (i: number) => number | null,
      extra: (i: number) => MetricsOverride = () => ({}),
    ) => series(n, 10, (i) => ({ gpus: [gpu({ utilization_percent: 100, power_draw_w: power(i) })], ...extra(i) }));

    it('is utilisation ≥ 99 % for 30 s with flat power → restart the GPU service', () => {
      const out = runRules(input(pegged(4, () => 212.3)));
      assert.deepEqual(kinds(out), ['gpu_hang:critical']);
      assert.deepEqual(out.detections[0]!.details.evidence, ['flat_power']);
      assert.deepEqual(steps(out), ['RESTART_SERVICE ollama']);
    });

    it('is not a hang for 20 s, nor with moving power and no XID, nor with unknown power', () => {
      assert.deepEqual(kinds(runRules(input(pegged(3, () => 212)))), []);
      assert.deepEqual(kinds(runRules(input(pegged(10, (i) => 150 + (i % 3) * 40)))), []);
      assert.deepEqual(kinds(runRules(input(pegged(10, () => null)))), []);
    });

    it('is corroborated by an XID or nvidia-smi timing out', () => {
      const xid = pegged(
        4,
        (i) => 150 + i * 30,
        (i) =>
          i === 2
            ? {
                xid_errors: [
                  {
                    at: new Date(T0 + 19 * S).toISOString(),
                    pci_bus_id: '00000000:01:00.0',
                    code: 79,
                    message: 'GPU has fallen off the bus',
                  },
                ],
              }
            : {},
      );
      const out = runRules(input(xid));
      assert.deepEqual(kinds(out), ['gpu_hang:critical', 'gpu_xid:critical']);
      assert.deepEqual(out.detections.find((d) => d.kind === 'gpu_hang')!.details.evidence, ['xid']);

      const timeout = [
        ...pegged(2, (i) => 150 + i * 50),
        reading(T0 + 20 * S, { gpu_error: 'nvidia-smi timed out after 10 s (killed)' }),
        reading(T0 + 30 * S, { gpu_error: 'nvidia-smi timed out after 10 s (killed)' }),
      ];
      const hung = runRules(input(timeout));
      assert.deepEqual(kinds(hung), ['gpu_error:warning', 'gpu_hang:critical']);
      assert.deepEqual(hung.detections.find((d) => d.kind === 'gpu_hang')!.details.evidence, ['nvidia_smi_timeout']);
    });

    it('escalates to RESET_GPU only when the hang outlived a restart, and only where allowed', () => {
      const hang = pegged(4, () => 200).map((r) => ({ ...r, at: r.at + 700 * S }));
      const restarted: PastAction[] = [{ action: 'RESTART_SERVICE', target: 'ollama', at: T0 }];
      assert.deepEqual(steps(runRules(input(hang, { actions: restarted, host: { allow_gpu_reset: true } }))), [
        'RESET_GPU 0',
      ]);
      const refused = runRules(input(hang, { actions: restarted }));
      assert.deepEqual(steps(refused), ['RESET_GPU 0', 'RESTART_SERVICE ollama']);
      assert.equal(refused.wants[0]!.unavailable?.code, 'not_allowed');
      // Restarted recently (within the cooldown): no escalation yet.
      const recent: PastAction[] = [{ action: 'RESTART_SERVICE', target: 'ollama', at: T0 + 650 * S }];
      assert.deepEqual(steps(runRules(input(hang, { actions: recent, host: { allow_gpu_reset: true } }))), [
        'RESTART_SERVICE ollama',
      ]);
    });

    it('without a configured GPU service wants nothing it can do (recorded as not_configured)', () => {
      const out = runRules(
        input(
          pegged(4, () => 200),
          { host: { gpu_service: null } },
        ),
      );
      assert.equal(out.wants.length, 1);
      assert.equal(out.wants[0]!.unavailable?.code, 'not_configured');
    });
  });

  describe('GPU temperature', () => {
    const temps = (values: number[], over: Partial<ReturnType<typeof gpu>> = {}) =>
      values.map((t, i) => reading(T0 + i * 10 * S, { gpus: [gpu({ temperature_c: t, ...over })] }));

    it('smooths and holds: one hot reading is not a detection', () => {
      assert.deepEqual(kinds(runRules(input(temps([70, 70, 70, 95])))), []);
      assert.deepEqual(kinds(runRules(input(temps([80, 84, 84, 84])))), []); // smoothed 82, 82.7, 84
    });

    it('throttles above 83 °C, restarts the GPU service above 85 °C, stops it above 90 °C', () => {
      const throttle = runRules(input(temps([84, 84, 84, 84, 84])));
      assert.deepEqual(kinds(throttle), ['gpu_temperature:warning']);
      assert.deepEqual(throttle.wants[0]!.steps, [
        { action: 'THROTTLE_GPU', target: '0', params: { gpu: 0, power_limit_w: 240 } },
      ]);
      const restart = runRules(input(temps([86, 86, 86, 86, 86])));
      assert.deepEqual(kinds(restart), ['gpu_temperature:critical']);
      assert.deepEqual(steps(restart), ['RESTART_SERVICE ollama']);
      const stop = runRules(input(temps([91, 91, 91, 91, 91])));
      assert.deepEqual(steps(stop), ['STOP_SERVICE ollama']);
      assert.equal(stop.wants[0]!.urgent, true);
    });

    it('uses per-device limits (by UUID or model name) and never throttles below the floor', () => {
      const policy = { gpu_devices: { 'NVIDIA A100-SXM4-40GB': { throttle_c: 87, restart_c: 89, stop_c: 93 } } };
      assert.deepEqual(kinds(runRules(input(temps([86, 86, 86, 86]), { policy }))), []);
      assert.deepEqual(kinds(runRules(input(temps([88, 88, 88, 88]), { policy }))), ['gpu_temperature:warning']);
      const floor = runRules(input(temps([84, 84, 84, 84], { power_limit_w: 100 })));
      assert.equal(floor.wants[0]!.unavailable?.code, 'not_possible');
      const unknown = runRules(input(temps([84, 84, 84, 84], { power_limit_w: null })));
      assert.equal(unknown.wants[0]!.unavailable?.code, 'not_possible');
    });

    it('ignores unknown temperatures', () => {
      assert.deepEqual(kinds(runRules(input(series(6, 10, () => ({ gpus: [gpu({ temperature_c: null })] }))))), []);
    });
  });

  it('reports XID errors within xid_window_s by device, critical for bus/ECC codes', () => {
    const xid = (code: number, atS: number) => ({
      at: new Date(T0 + atS * S).toISOString(),
      pci_bus_id: '00000000:01:00.0',
      code,
      message: `Xid ${code}`,
    });
    const app = runRules(input([reading(T0, { gpus: [gpu()], xid_errors: [xid(13, -5)] })]));
    assert.deepEqual(kinds(app), ['gpu_xid:warning']);
    const bus = runRules(input([reading(T0, { gpus: [gpu()], xid_errors: [xid(13, -5), xid(79, -1)] })]));
    assert.deepEqual(kinds(bus), ['gpu_xid:critical']);
    assert.deepEqual(bus.detections[0]!.details.codes, [13, 79]);
    const old = runRules(input([reading(T0, { gpus: [gpu()], xid_errors: [xid(79, -601)] })]));
    assert.deepEqual(kinds(old), []);
  });

  it('turns nvidia-smi failing into a gpu_error detection and nothing else', () => {
    const out = runRules(input(series(5, 10, () => ({ gpu_error: 'nvidia-smi exited 9: driver not loaded' }))));
    assert.deepEqual(kinds(out), ['gpu_error:warning']);
    assert.deepEqual(out.wants, []);
  });

  it('grades disks: < 20 % free warning, < 5 % critical → clean every cleanup path and VACUUM ANALYZE', () => {
    const host = { cleanup_paths: ['/var/log/app', '/var/cache/app'] };
    const warn = runRules(input([reading(T0, { disks: [disk('/', 60), disk('/data', 15)] })], { host }));
    assert.deepEqual(kinds(warn), ['disk_low:warning']);
    assert.deepEqual(warn.wants, []);
    const crit = runRules(input([reading(T0, { disks: [disk('/', 60), disk('/data', 3)] })], { host }));
    assert.deepEqual(kinds(crit), ['disk_low:critical']);
    assert.deepEqual(steps(crit), ['CLEAN_DISK /var/log/app', 'CLEAN_DISK /var/cache/app', 'VACUUM_ANALYZE']);
    assert.deepEqual(crit.wants[0]!.steps[0]!.params, { path: '/var/log/app', older_than_days: 7 });
    const none = runRules(input([reading(T0, { disks: [disk('/data', 3)] })], { host: { vacuum_analyze: false } }));
    assert.deepEqual(
      none.wants.map((w) => w.unavailable?.code),
      ['not_configured'],
    );
  });

  describe('service down', () => {
    const down = (n: number) =>
      series(n, 60, () => ({ services: [{ name: 'n8n', kind: 'http', status: 'down', detail: 'HTTP 502' }] }));

    it('warns at the first failure and restarts after 3 failures within 10 minutes', () => {
      const two = runRules(input(down(2)));
      assert.deepEqual(kinds(two), ['service_down:warning']);
      assert.deepEqual(two.wants, []);
      const three = runRules(input(down(3)));
      assert.deepEqual(kinds(three), ['service_down:critical']);
      assert.deepEqual(steps(three), ['RESTART_SERVICE n8n']);
    });

    it('failures outside the window do not count', () => {
      const spread = series(3, 400, () => ({ services: [{ name: 'n8n', kind: 'http', status: 'down' }] }));
      assert.deepEqual(kinds(runRules(input(spread))), ['service_down:warning']);
    });

    it('after a restart: waits for 3 fresh failures, then stop + start', () => {
      const history = down(12);
      const restarted: PastAction[] = [{ action: 'RESTART_SERVICE', target: 'n8n', at: T0 + 540 * S }];
      // Only 2 failures since the restart at 540 s (600, 660).
      assert.deepEqual(steps(runRules(input(history, { actions: restarted }))), []);
      const later = down(13);
      assert.deepEqual(steps(runRules(input(later, { actions: restarted }))), ['STOP_SERVICE n8n + START_SERVICE n8n']);
    });

    it('a service that is up again is not acted on', () => {
      const recovered = [
        ...down(5),
        reading(T0 + 300 * S, { services: [{ name: 'n8n', kind: 'http', status: 'up' }] }),
      ];
      const out = runRules(input(recovered));
      assert.deepEqual(kinds(out), []);
      assert.deepEqual(out.wants, []);
    });
  });
});
