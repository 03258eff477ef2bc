// Which backups retention keeps, as a pure function of the list (no I/O, so it is tested over
// a synthetic calendar). Rule, as restic's --keep-daily/--keep-weekly/--keep-monthly: for the
// last N days (ISO weeks, months) that have a good backup, keep the newest good backup of each
// such period; periods are counted in the instance's time zone. Whatever kind a backup was
// made as (daily, weekly, manual) does not matter — the calendar does. On top:
//   - the newest good backup is always kept, whatever the counts say;
//   - backups whose verification found them damaged or gone are never worth keeping;
//   - a plan that would delete every backup is refused.
// "Good" = completed and not failed verification (verified ok, or not verified yet; a
// verification that could not reach the storage says nothing about the archive).
import { DateTime } from 'luxon';

export type RetentionCandidate = {
  id: string;
  startedAt: Date;
  verifyStatus: 'ok' | 'mismatch' | 'missing' | 'error' | null;
};

export type RetentionPolicy = { keepDaily: number; keepWeekly: number; keepMonthly: number; timeZone: string };

export type RetentionPlan = {
  keep: Array<{ id: string; reasons: string[] }>;
  remove: Array<{ id: string; reason: string }>;
  /** Set when the plan would delete every backup: then nothing may be removed (a dry run still lists it). */
  refused: string | null;
};

const isGood = (b: RetentionCandidate) => b.verifyStatus !== 'mismatch' && b.verifyStatus !== 'missing';

export function planRetention(backups: RetentionCandidate[], policy: RetentionPolicy): RetentionPlan {
  const newestFirst = [...backups].sort(
    (a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  const good = newestFirst.filter(isGood);
  const reasons = new Map<string, string[]>();
  const keepFor = (id: string, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);

  const rules: Array<{ name: string; count: number; bucket: (d: DateTime) => string }> = [
    { name: 'daily', count: policy.keepDaily, bucket: (d) => d.toISODate()! },
    { name: 'weekly', count: policy.keepWeekly, bucket: (d) => `${d.weekYear}-W${d.weekNumber}` },
    { name: 'monthly', count: policy.keepMonthly, bucket: (d) => d.toFormat('yyyy-MM') },
  ];
  for (const rule of rules) {
    let last: string | undefined;
    let kept = 0;
    for (const backup of good) {
      if (kept >= rule.count) break;
      const bucket = rule.bucket(DateTime.fromJSDate(backup.startedAt, { zone: policy.timeZone }));
      if (bucket === last) continue;
      last = bucket;
      kept += 1;
      keepFor(backup.id, `${rule.name} ${bucket}`);
    }
  }
  if (good[0]) keepFor(good[0].id, 'newest good backup');

  const keep = newestFirst.filter((b) => reasons.has(b.id)).map((b) => ({ id: b.id, reasons: reasons.get(b.id)! }));
  const remove = newestFirst
    .filter((b) => !reasons.has(b.id))
    .map((b) => ({
      id: b.id,
      reason: isGood(b) ? 'outside the daily, weekly and monthly retention' : `verification found it ${b.verifyStatus}`,
    }));
  const refused =
    keep.length === 0 && remove.length > 0
      ? 'refused: this prune would delete every backup (none of them is good)'
      : null;
  return { keep, remove, refused };
}
