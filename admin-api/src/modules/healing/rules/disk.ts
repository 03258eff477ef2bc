// Disk space (SPEC 3.7): under disk_warning_free_percent free a warning, under
// disk_critical_free_percent critical — then clean the host's configured cleanup paths (old
// logs, caches, temp files) and VACUUM ANALYZE. Judged on the newest sample: free space does
// not flap, and waiting for more samples only lets the disk fill.
import { detectionKey, type Detection, type RuleInput, type RuleOutput, type Want } from './types.ts';

export function diskRules({ readings, policy, hostPolicy }: RuleInput): RuleOutput {
  const latest = readings.at(-1);
  if (!latest) return { detections: [], wants: [] };
  const detections: Detection[] = [];
  for (const disk of latest.metrics.disks) {
    const critical = disk.free_percent < policy.disk_critical_free_percent;
    if (!critical && disk.free_percent >= policy.disk_warning_free_percent) continue;
    detections.push({
      kind: 'disk_low',
      metric: `disk.${disk.path}`,
      severity: critical ? 'critical' : 'warning',
      value: disk.free_percent,
      threshold: critical ? policy.disk_critical_free_percent : policy.disk_warning_free_percent,
      details: { path: disk.path, free_bytes: disk.free_bytes, total_bytes: disk.total_bytes },
    });
  }
  const critical = detections.filter((d) => d.severity === 'critical');
  if (critical.length === 0) return { detections, wants: [] };

  const detection = detectionKey(critical[0]!);
  const paths = critical.map((d) => d.details.path).join(', ');
  const reason = `disk ${paths} under ${policy.disk_critical_free_percent} % free`;
  const wants: Want[] = hostPolicy.cleanup_paths.map((path) => ({
    steps: [
      {
        action: 'CLEAN_DISK' as const,
        target: path,
        params: { path, older_than_days: hostPolicy.cleanup_older_than_days },
      },
    ],
    reason,
    detection,
  }));
  if (wants.length === 0)
    wants.push({
      steps: [{ action: 'CLEAN_DISK', target: null, params: {} }],
      reason,
      detection,
      unavailable: { code: 'not_configured', detail: 'no cleanup_paths are configured for this host' },
    });
  if (hostPolicy.vacuum_analyze)
    wants.push({ steps: [{ action: 'VACUUM_ANALYZE', target: null, params: {} }], reason, detection });
  return { detections, wants };
}
