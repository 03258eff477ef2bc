// The two timed duties of events, run by the job scheduler (admin-api/src/jobs/scheduler.ts):
//   - auto-complete: scheduled events whose end has passed and whose sub-tasks are all done
//     (events without sub-tasks: configurable) become `completed`, emitting event.completed;
//   - reminders: each offset of an event produces one event.reminder when it falls due. The
//     row in event_reminders (unique per event, offset and start time) claims it exactly once,
//     even with several replicas; moving the event re-arms its reminders.
// Each run is one transaction per batch, so a crash leaves nothing half done.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit } from '../audit/repo.ts';
import { emitEvent } from '../outbox/emit.ts';
import { loadEvent } from './record.ts';

const AUTO_COMPLETE: AuditActor = { actorType: 'system', actorId: 'auto-complete', actorLabel: 'auto-complete job' };

export type AutoCompleteOptions = { withoutSubTasks: boolean; batch?: number };

/** Completes one batch of finished events; returns their ids. */
export async function completeFinishedEvents(pool: pg.Pool, options: AutoCompleteOptions): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const due = await client.query<{ id: string }>(
      `WITH due AS (
         SELECT e.id FROM events e
          WHERE e.status = 'scheduled' AND e.end_at <= now() AND e.consumed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM sub_tasks st WHERE st.event_id = e.id AND NOT st.completed)
            AND ($1 OR EXISTS (SELECT 1 FROM sub_tasks st WHERE st.event_id = e.id))
          ORDER BY e.end_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE events e SET status = 'completed' FROM due WHERE e.id = due.id RETURNING e.id`,
      [options.withoutSubTasks, options.batch ?? 200],
    );
    for (const { id } of due.rows) {
      const event = (await loadEvent(client, id))!;
      await emitEvent(client, { type: 'event.completed', entity: { kind: 'event', id }, data: event });
    }
    // One audit row per event, appended last (the chain lock is held until COMMIT).
    for (const { id } of due.rows) {
      await appendAudit(client, {
        ...AUTO_COMPLETE,
        entity: 'event',
        entityId: id,
        action: 'complete',
        oldValue: { status: 'scheduled' },
        newValue: { status: 'completed' },
      });
    }
    return due.rows.map((r) => r.id);
  });
}

export type ReminderOptions = {
  /** Reminders that fell due longer ago than this (e.g. while no replica ran) are skipped. */
  graceMinutes: number;
  batch?: number;
};

export type SentReminder = { eventId: string; offsetMinutes: number; remindAt: Date };

/** Emits the reminders that are due now and were not sent yet. */
export async function sendDueReminders(pool: pg.Pool, options: ReminderOptions): Promise<SentReminder[]> {
  return withTransaction(pool, async (client) => {
    const claimed = await client.query<{ event_id: string; offset_minutes: number; remind_at: Date }>(
      `WITH due AS (
         SELECT e.id, o AS offset_minutes, e.start_at, e.start_at - make_interval(mins => o) AS remind_at
           FROM events e CROSS JOIN LATERAL unnest(e.reminder_offsets) AS o
          WHERE e.status = 'scheduled' AND e.reminders_from IS NOT NULL AND e.consumed_at IS NULL
            AND tstzrange(e.reminders_from, e.start_at, '[]')
                && tstzrange(now() - make_interval(mins => $1), now(), '[]')
            AND e.start_at - make_interval(mins => o) <= now()
            AND e.start_at - make_interval(mins => o) > now() - make_interval(mins => $1)
          LIMIT $2)
       INSERT INTO event_reminders (event_id, offset_minutes, event_start_at, remind_at)
       SELECT id, offset_minutes, start_at, remind_at FROM due
       ON CONFLICT (event_id, offset_minutes, event_start_at) DO NOTHING
       RETURNING event_id, offset_minutes, remind_at`,
      [options.graceMinutes, options.batch ?? 500],
    );
    for (const r of claimed.rows) {
      const event = (await loadEvent(client, r.event_id))!;
      await emitEvent(client, {
        type: 'event.reminder',
        entity: { kind: 'event', id: r.event_id },
        data: { event, offset_minutes: r.offset_minutes, remind_at: r.remind_at.toISOString() },
      });
    }
    return claimed.rows.map((r) => ({ eventId: r.event_id, offsetMinutes: r.offset_minutes, remindAt: r.remind_at }));
  });
}
