// The jobs admin-api runs on a timer, with their settings from the configuration.
import type { AppContext } from '../context.ts';
import { completeFinishedEvents, sendDueReminders } from '../modules/events/jobs.ts';
import { pruneSeenIds } from './housekeeping.ts';
import { pruneHealthSamples } from './prune-health-samples.ts';
import type { Job } from './scheduler.ts';

export function productJobs(ctx: Pick<AppContext, 'pool' | 'config'>): Job[] {
  const { pool, config } = ctx;
  return [
    {
      name: 'event-reminders',
      lockKey: 1,
      run: async () => {
        const batch = 500;
        const sent = await sendDueReminders(pool, { graceMinutes: config.reminderGraceMinutes, batch });
        return { handled: sent.length, more: sent.length === batch };
      },
    },
    {
      name: 'event-auto-complete',
      lockKey: 2,
      run: async () => {
        const batch = 200;
        const done = await completeFinishedEvents(pool, {
          withoutSubTasks: config.autoCompleteWithoutSubTasks,
          batch,
        });
        return { handled: done.length, more: done.length === batch };
      },
    },
    {
      name: 'prune-seen-ids',
      lockKey: 3,
      run: async () => {
        const deleted = await pruneSeenIds(pool);
        return { handled: deleted, more: deleted >= 5_000 };
      },
    },
    {
      name: 'prune-health-samples',
      lockKey: 10,
      run: async () => {
        const { deleted, more } = await pruneHealthSamples(pool, config.healing.sampleRetentionDays);
        return { handled: deleted, more };
      },
    },
  ];
}
