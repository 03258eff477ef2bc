// Retention over a synthetic calendar: 400 days of daily backups at 02:00 UTC, weekly ones on
// Sundays at 01:00, a manual one, and a damaged one; the expected set was worked out by hand
// from the calendar (2026-11-22 is a Sunday; ISO weeks start on Monday).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRetention, type RetentionCandidate } from './retention.ts';

const DAY = 86_400_000;
const policy = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12, timeZone: 'UTC' };

function calendar(): RetentionCandidate[] {
  const backups: RetentionCandidate[] = [];
  const first = Date.UTC(2025, 9, 19); // 2025-10-19, 400 days up to 2026-11-22
  for (let i = 0; i < 400; i++) {
    const day = new Date(first + i * DAY);
    const date = day.toISOString().slice(0, 10);
    backups.push({ id: `daily ${date}`, startedAt: new Date(`${date}T02:00:00Z`), verifyStatus: i % 3 ? null : 'ok' });
    if (day.getUTCDay() === 0)
      backups.push({ id: `weekly ${date}`, startedAt: new Date(`${date}T01:00:00Z`), verifyStatus: null });
  }
  backups.push({ id: 'manual 2026-11-21', startedAt: new Date('2026-11-21T18:00:00Z'), verifyStatus: null });
  backups.push({ id: 'damaged 2026-11-22', startedAt: new Date('2026-11-22T15:00:00Z'), verifyStatus: 'mismatch' });
  return backups;
}

describe('retention', () => {
  it('keeps exactly the newest good backup of the last 7 days, 4 ISO weeks and 12 months', () => {
    const backups = calendar();
    assert.equal(backups.filter((b) => b.id.startsWith('daily')).length, 400);
    const plan = planRetention(backups, policy);
    assert.equal(plan.refused, null);
    assert.deepEqual(
      plan.keep.map((k) => k.id),
      [
        // the last 7 days: Sunday's daily (02:00 beats the weekly at 01:00; the damaged one at
        // 15:00 does not count), Saturday's manual (18:00 beats 02:00), then the dailies
        'daily 2026-11-22',
        'manual 2026-11-21',
        'daily 2026-11-20',
        'daily 2026-11-19',
        'daily 2026-11-18',
        'daily 2026-11-17',
        'daily 2026-11-16',
        // weeks: the newest of each ISO week is its Sunday's daily
        'daily 2026-11-15',
        'daily 2026-11-08',
        'daily 2026-11-01',
        // months: the last day of each month, November 2026 (above) back to December 2025
        'daily 2026-10-31',
        'daily 2026-09-30',
        'daily 2026-08-31',
        'daily 2026-07-31',
        'daily 2026-06-30',
        'daily 2026-05-31',
        'daily 2026-04-30',
        'daily 2026-03-31',
        'daily 2026-02-28',
        'daily 2026-01-31',
        'daily 2025-12-31',
      ],
    );
    assert.deepEqual(plan.keep.find((k) => k.id === 'daily 2026-11-22')!.reasons, [
      'daily 2026-11-22',
      'weekly 2026-W47',
      'monthly 2026-11',
      'newest good backup',
    ]);
    assert.deepEqual(plan.keep.find((k) => k.id === 'daily 2026-11-01')!.reasons, ['weekly 2026-W44']);
    // Everything else goes, the damaged one with its own reason, and nothing is both kept and removed.
    assert.equal(plan.keep.length + plan.remove.length, backups.length);
    assert.equal(plan.remove.length, backups.length - 21);
    assert.deepEqual(
      plan.remove.find((r) => r.id === 'damaged 2026-11-22'),
      {
        id: 'damaged 2026-11-22',
        reason: 'verification found it mismatch',
      },
    );
    assert.ok(plan.remove.some((r) => r.id === 'weekly 2026-11-22'));
    assert.ok(plan.remove.some((r) => r.id === 'daily 2025-10-19'));
  });

  it('counts periods in the instance time zone', () => {
    // 23:30 UTC on the 21st is already the 22nd in Berlin: same day as the 22nd's backup.
    const backups: RetentionCandidate[] = [
      { id: 'a', startedAt: new Date('2026-11-22T10:00:00Z'), verifyStatus: null },
      { id: 'b', startedAt: new Date('2026-11-21T23:30:00Z'), verifyStatus: null },
      { id: 'c', startedAt: new Date('2026-11-21T12:00:00Z'), verifyStatus: null },
    ];
    const plan = (timeZone: string) =>
      planRetention(backups, { keepDaily: 2, keepWeekly: 0, keepMonthly: 0, timeZone })
        .keep.map((k) => k.id)
        .join();
    assert.equal(plan('UTC'), 'a,b');
    assert.equal(plan('Europe/Berlin'), 'a,c');
  });

  it('always keeps the newest good backup, even with every count at 0', () => {
    const plan = planRetention(calendar(), { keepDaily: 0, keepWeekly: 0, keepMonthly: 0, timeZone: 'UTC' });
    assert.deepEqual(plan.keep, [{ id: 'daily 2026-11-22', reasons: ['newest good backup'] }]);
  });

  it('refuses a plan that would delete every backup, but still lists it', () => {
    const plan = planRetention(
      [
        { id: 'x', startedAt: new Date('2026-11-22T02:00:00Z'), verifyStatus: 'missing' },
        { id: 'y', startedAt: new Date('2026-11-21T02:00:00Z'), verifyStatus: 'mismatch' },
      ],
      policy,
    );
    assert.match(plan.refused ?? '', /every backup/);
    assert.deepEqual(
      plan.remove.map((r) => r.id),
      ['x', 'y'],
    );
    assert.equal(planRetention([], policy).refused, null);
  });
});
