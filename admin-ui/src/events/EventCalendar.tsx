// FullCalendar week/month view (lazily loaded chunk). It asks the API for exactly the visible
// window (overlap semantics), lets admins drag an event to move it (whole-record PUT): a free
// mode collision saves and warns; an auto_plan refusal (409) reverts the drag and offers the
// free slots, each accepted with one click (reschedule endpoint).
import deLocale from '@fullcalendar/core/locales/de';
import type { EventDropArg, EventSourceFuncArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Box, LinearProgress } from '@mui/material';
import { useMemo, useRef, useState } from 'react';
import { useCanAccess, useCreatePath, useDataProvider, useGetList, useLocaleState, useNotify } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { droppedPlacement, toCalendarEvent, type EventRecord } from './calendarEvents.ts';
import { placementRefusal, writeConflicts, type PlacementRefusal, type Slot } from './conflicts.ts';
import { movedEventBody } from './eventForm.ts';
import { SuggestionsDialog } from './SuggestionsDialog.tsx';
import { useReschedule } from './useReschedule.ts';

/** The API's page limit; a window with more events shows the first 1000 by start. */
const MAX_EVENTS = 1000;

export default function EventCalendar() {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const reschedule = useReschedule();
  const [locale] = useLocaleState();
  const { canAccess: canEdit } = useCanAccess({ action: 'edit', resource: 'events' });
  const calendarRef = useRef<FullCalendar>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ eventId: string; refusal: PlacementRefusal } | null>(null);
  const { data: calendars } = useGetList('calendars', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'name', order: 'ASC' },
  });
  const colors = useMemo(
    () => new Map((calendars ?? []).map((c) => [String(c.id), (c.color as string | null) ?? null])),
    [calendars],
  );

  const loadEvents = async (info: EventSourceFuncArg) => {
    const { data } = await dataProvider.getList<EventRecord>('events', {
      filter: { from: info.start.toISOString(), to: info.end.toISOString() },
      pagination: { page: 1, perPage: MAX_EVENTS },
      sort: { field: 'start_at', order: 'ASC' },
    });
    return data.map((record) => toCalendarEvent(record, colors));
  };

  const refetch = () => calendarRef.current?.getApi().refetchEvents();

  const move = async (info: EventDropArg | EventResizeDoneArg) => {
    const record = info.event.extendedProps.record as EventRecord;
    const placement = droppedPlacement(record, info.event.start!, info.event.end);
    setSaving(true);
    try {
      const { data } = await dataProvider.update('events', {
        id: record.id,
        data: movedEventBody(record, placement),
        previousData: record,
      });
      const conflicts = writeConflicts(data);
      if (conflicts.length)
        notify('resources.events.conflicts.saved_with', {
          type: 'warning',
          messageArgs: { smart_count: conflicts.length },
        });
      else notify('resources.events.calendar.moved', { type: 'success' });
      refetch();
    } catch (error) {
      info.revert();
      const found = placementRefusal(error);
      if (found) setRefusal({ eventId: record.id, refusal: found });
      else notify((error as Error).message, { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  const acceptSlot = async (slot: Slot) => {
    if (!refusal) return;
    await reschedule(refusal.eventId, slot);
    refetch();
  };

  return (
    <Box data-testid="event-calendar" sx={{ '& .chronos-event-cancelled': { opacity: 0.5 } }}>
      {loading || saving ? <LinearProgress /> : <Box sx={{ height: 4 }} />}
      <FullCalendar
        ref={calendarRef}
        plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin]}
        initialView="timeGridWeek"
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridWeek,dayGridMonth' }}
        locales={[deLocale]}
        locale={locale === 'de' ? 'de' : 'en-gb'}
        firstDay={1}
        nowIndicator
        height="auto"
        editable={canEdit === true}
        eventStartEditable={canEdit === true}
        eventDurationEditable={canEdit === true}
        events={(info, success, failure) => {
          loadEvents(info).then(success, (error: Error) => {
            notify(error.message, { type: 'error' });
            failure(error);
          });
        }}
        loading={setLoading}
        eventDrop={(info) => void move(info)}
        eventResize={(info) => void move(info)}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          navigate(createPath({ resource: 'events', id: info.event.id, type: canEdit ? 'edit' : 'show' }));
        }}
      />
      <SuggestionsDialog refusal={refusal?.refusal ?? null} onAccept={acceptSlot} onClose={() => setRefusal(null)} />
    </Box>
  );
}
