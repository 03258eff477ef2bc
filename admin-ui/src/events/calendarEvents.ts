// Events as FullCalendar wants them: the record rides along in extendedProps so a drag can
// PUT the whole record; cancelled events are shown but cannot be dragged.

export type EventRecord = {
  id: string;
  title: string;
  start_at: string;
  end_at: string;
  all_day: boolean;
  status: string;
  calendar_id: string;
  [key: string]: unknown;
};

export type CalendarInputEvent = {
  id: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  backgroundColor?: string;
  borderColor?: string;
  classNames: string[];
  editable: boolean;
  extendedProps: { record: EventRecord };
};

export function toCalendarEvent(record: EventRecord, colors: ReadonlyMap<string, string | null>): CalendarInputEvent {
  const color = colors.get(record.calendar_id) ?? undefined;
  return {
    id: record.id,
    title: record.title,
    start: record.start_at,
    end: record.end_at,
    allDay: record.all_day,
    ...(color ? { backgroundColor: color, borderColor: color } : {}),
    classNames: [`chronos-event-${record.status}`],
    editable: record.status !== 'cancelled',
    extendedProps: { record },
  };
}

/** New placement after a drag: FullCalendar drops the end of all-day events moved to a time slot. */
export function droppedPlacement(
  record: Pick<EventRecord, 'start_at' | 'end_at'>,
  start: Date,
  end: Date | null,
): { start_at: string; end_at: string } {
  const duration = new Date(record.end_at).getTime() - new Date(record.start_at).getTime();
  const endMs = end ? end.getTime() : start.getTime() + duration;
  return { start_at: start.toISOString(), end_at: new Date(endMs).toISOString() };
}
