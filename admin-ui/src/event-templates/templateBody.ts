// Event template form values as the API takes them. Reminder offsets are typed as "15, 60";
// an empty field means null: the event then gets its calendar's default reminders.
import { parseOffsets } from '../calendars/workingHours.ts';

export function templateBody(values: Record<string, unknown>): Record<string, unknown> {
  const offsets = values.reminder_offsets;
  const empty = offsets === null || offsets === undefined || (typeof offsets === 'string' && offsets.trim() === '');
  return { ...values, reminder_offsets: empty ? null : parseOffsets(offsets) };
}
