// Moving a stored event to a slot (an accepted suggestion) through the reschedule endpoint,
// then reloading what shows the event: the record, its conflicts, the calendar.
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { writeConflicts, type Slot } from './conflicts.ts';

export function useReschedule() {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  return async (eventId: string, slot: Slot) => {
    try {
      const answer = await dataProvider.call('POST', `events/${eventId}/reschedule`, { start_at: slot.start_at });
      const conflicts = writeConflicts(answer);
      if (conflicts.length)
        notify('resources.events.conflicts.saved_with', {
          type: 'warning',
          messageArgs: { smart_count: conflicts.length },
        });
      else notify('resources.events.suggestions.moved', { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['events'] });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      throw error;
    }
  };
}
