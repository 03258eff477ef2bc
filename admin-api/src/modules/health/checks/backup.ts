// Age of the last completed backup. "No backup yet" is reported, never a 503: it is degraded
// when scheduled backups are enabled (one should exist by now) and skipped when they are not.
import type pg from 'pg';
import * as settings from '../../settings/service.ts';
import { runCheck, type CheckResult } from '../check.ts';
import { backupState } from '../repo.ts';

export function checkBackup(
  pool: pg.Pool,
  options: { timeoutMs: number; maxAgeHours: number; encryptionKey: Buffer },
): Promise<CheckResult> {
  return runCheck('the backups query', options.timeoutMs, async () => {
    const [state, setting] = await Promise.all([
      backupState(pool),
      settings.get(pool, options.encryptionKey, 'backup'),
    ]);
    const maxAgeS = options.maxAgeHours * 3600;
    const running = state.running_since ? { running_since: state.running_since.toISOString() } : {};
    if (!state.last) {
      const enabled = setting.value.enabled === true;
      return {
        status: enabled ? 'degraded' : 'skipped',
        message: enabled ? 'no completed backup yet' : 'no backup yet; scheduled backups are not enabled',
        last_completed_at: null,
        max_age_s: maxAgeS,
        ...running,
      };
    }
    const age = Math.max(0, Math.round(state.last.age_s));
    const old = age > maxAgeS;
    return {
      status: old ? 'degraded' : 'up',
      ...(old
        ? { message: `the last completed backup is ${(age / 3600).toFixed(1)} h old (limit ${options.maxAgeHours} h)` }
        : {}),
      last_completed_at: state.last.finished_at.toISOString(),
      age_s: age,
      max_age_s: maxAgeS,
      duration_s: state.last.duration_ms === null ? null : state.last.duration_ms / 1000,
      kind: state.last.kind,
      ...running,
    };
  });
}
